#include "catalog/media.hpp"

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <string>

#include "core/log.hpp"

namespace jangteo::catalog {

namespace {

core::Error Refused(std::string_view field, std::string code, std::string message) {
    return core::Error::Invalid(code, message, {{std::string(field), code, message}});
}

std::uint32_t Be16(std::string_view b, std::size_t at) {
    return (static_cast<std::uint32_t>(static_cast<unsigned char>(b[at])) << 8) | static_cast<unsigned char>(b[at + 1]);
}
std::uint32_t Be32(std::string_view b, std::size_t at) {
    return (Be16(b, at) << 16) | Be16(b, at + 2);
}
std::uint32_t Le16(std::string_view b, std::size_t at) {
    return static_cast<unsigned char>(b[at]) | (static_cast<std::uint32_t>(static_cast<unsigned char>(b[at + 1])) << 8);
}
std::uint32_t Le24(std::string_view b, std::size_t at) {
    return Le16(b, at) | (static_cast<std::uint32_t>(static_cast<unsigned char>(b[at + 2])) << 16);
}
std::uint32_t Le32(std::string_view b, std::size_t at) {
    return Le16(b, at) | (Le16(b, at + 2) << 16);
}

// PNG: the signature, then IHDR first, with width and height; the file ends with IEND.
bool ReadPng(std::string_view b, ImageInfo& info) {
    if (b.size() < 8 + 25 + 12) return false;
    if (Be32(b, 8) != 13 || b.substr(12, 4) != "IHDR") return false;
    info.width = Be32(b, 16);
    info.height = Be32(b, 20);
    return b.substr(b.size() - 8, 4) == "IEND";
}

// JPEG: SOI, then segments up to a start-of-frame marker, whose payload holds height and width.
bool ReadJpeg(std::string_view b, ImageInfo& info) {
    std::size_t at = 2;
    while (at + 4 <= b.size()) {
        if (static_cast<unsigned char>(b[at]) != 0xFF) return false;
        unsigned char marker = static_cast<unsigned char>(b[at + 1]);
        if (marker == 0xFF) {  // fill byte
            ++at;
            continue;
        }
        if (marker == 0xD8 || marker == 0xD9 || marker == 0xDA) return false;  // no frame before the scan
        if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {            // markers without length
            at += 2;
            continue;
        }
        std::uint32_t length = Be16(b, at + 2);
        if (length < 2 || at + 2 + length > b.size()) return false;
        bool frame = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
        if (frame) {
            if (length < 7) return false;
            info.height = Be16(b, at + 5);
            info.width = Be16(b, at + 7);
            return true;
        }
        at += 2 + length;
    }
    return false;
}

// WebP: a RIFF container of the stated size holding VP8 (lossy), VP8L (lossless) or VP8X (extended).
bool ReadWebp(std::string_view b, ImageInfo& info) {
    if (b.size() < 30) return false;
    std::uint32_t riff_size = Le32(b, 4);
    if (riff_size + 8ULL != b.size() && riff_size + 9ULL != b.size()) return false;  // odd sizes are padded
    std::string_view chunk = b.substr(12, 4);
    if (chunk == "VP8 ") {
        // Frame tag (3 bytes), the start code 9D 01 2A, then 14-bit width and height.
        if (b.substr(23, 3) != "\x9D\x01\x2A") return false;
        info.width = Le16(b, 26) & 0x3FFF;
        info.height = Le16(b, 28) & 0x3FFF;
        return true;
    }
    if (chunk == "VP8L") {
        if (static_cast<unsigned char>(b[20]) != 0x2F) return false;
        std::uint32_t bits = Le32(b, 21);
        info.width = (bits & 0x3FFF) + 1;
        info.height = ((bits >> 14) & 0x3FFF) + 1;
        return true;
    }
    if (chunk == "VP8X") {
        info.width = Le24(b, 24) + 1;
        info.height = Le24(b, 27) + 1;
        return true;
    }
    return false;
}

}  // namespace

std::string_view ImageMediaType(ImageType type) {
    switch (type) {
        case ImageType::kJpeg: return "image/jpeg";
        case ImageType::kPng: return "image/png";
        case ImageType::kWebp: return "image/webp";
    }
    return "application/octet-stream";
}

std::string_view ImageExtension(ImageType type) {
    switch (type) {
        case ImageType::kJpeg: return "jpg";
        case ImageType::kPng: return "png";
        case ImageType::kWebp: return "webp";
    }
    return "bin";
}

core::Result<ImageInfo> SniffImage(std::string_view bytes, const ImageLimits& limits, std::string_view field) {
    if (bytes.size() > limits.max_bytes) {
        return Refused(field, "image_too_large",
                       "the image is larger than " + std::to_string(limits.max_bytes / 1024) + " KiB");
    }
    ImageInfo info;
    bool ok = false;
    if (bytes.starts_with("\x89PNG\r\n\x1A\n")) {
        info.type = ImageType::kPng;
        ok = ReadPng(bytes, info);
    } else if (bytes.size() >= 3 && bytes.starts_with("\xFF\xD8\xFF")) {
        info.type = ImageType::kJpeg;
        ok = ReadJpeg(bytes, info);
    } else if (bytes.size() >= 12 && bytes.starts_with("RIFF") && bytes.substr(8, 4) == "WEBP") {
        info.type = ImageType::kWebp;
        ok = ReadWebp(bytes, info);
    } else {
        return Refused(field, "unsupported_image_type", "the file is not a JPEG, PNG or WebP image");
    }
    if (!ok || info.width == 0 || info.height == 0) {
        std::string message = "the ";
        message.append(ImageExtension(info.type)).append(" image is damaged or cut short");
        return Refused(field, "corrupt_image", std::move(message));
    }
    if (info.width > limits.max_side || info.height > limits.max_side) {
        return Refused(field, "image_too_many_pixels",
                       "the image is larger than " + std::to_string(limits.max_side) + " pixels on a side");
    }
    return info;
}

namespace {

constexpr store::Sql kInsertImage{
    "catalog.insert_image",
    "INSERT INTO catalog_images (merchant_id, hash, media_type, width, height, bytes, created_at_us)"
    " VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (merchant_id, hash) DO NOTHING"};

core::Error Unavailable(const std::string& what) {
    core::log::Error("media.write_failed", {{"detail", what}});
    return core::Error::Unavailable("media_unavailable", "the image could not be stored; try again later");
}

// The folder and those above it (the data folder may not exist yet on a first start).
bool MakeDirs(const std::string& path) {
    std::error_code ec;
    std::filesystem::create_directories(path, ec);
    return !ec || std::filesystem::is_directory(path, ec);
}

// Writes `bytes` to `path` through a temporary file in the same folder and a rename, unless the file
// is there already (its name is its content).
core::Status WriteOnce(const std::string& dir, const std::string& path, std::string_view bytes) {
    struct stat st {};
    if (::stat(path.c_str(), &st) == 0 && static_cast<std::size_t>(st.st_size) == bytes.size()) return {};
    static std::atomic<std::uint64_t> counter{0};
    std::string tmp = path + ".tmp." + std::to_string(::getpid()) + "." + std::to_string(counter.fetch_add(1));
    int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) return Unavailable("open " + dir + ": " + std::strerror(errno));
    std::size_t done = 0;
    while (done < bytes.size()) {
        ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            std::string why = std::strerror(errno);
            ::close(fd);
            ::unlink(tmp.c_str());
            return Unavailable("write: " + why);
        }
        done += static_cast<std::size_t>(n);
    }
    if (::fsync(fd) != 0 || ::close(fd) != 0) {
        ::unlink(tmp.c_str());
        return Unavailable(std::string("fsync: ") + std::strerror(errno));
    }
    if (::rename(tmp.c_str(), path.c_str()) != 0) {
        std::string why = std::strerror(errno);
        ::unlink(tmp.c_str());
        return Unavailable("rename: " + why);
    }
    return {};
}

}  // namespace

std::string Sha256Hex(std::string_view bytes) {
    unsigned char digest[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out;
    out.reserve(2 * sizeof digest);
    for (unsigned char c : digest) {
        out.push_back(kHex[c >> 4]);
        out.push_back(kHex[c & 15]);
    }
    return out;
}

core::Result<StoredImage> ImageService::Upload(platform::MerchantId merchant, std::string_view bytes) {
    JANGTEO_TRY(ImageInfo info, SniffImage(bytes, limits_, "file"));
    StoredImage stored{.hash = Sha256Hex(bytes), .info = info, .bytes = bytes.size()};
    std::string dir = media_dir_ + "/" + stored.hash.substr(0, 2);
    if (!MakeDirs(dir)) return Unavailable("cannot make the folder " + dir);
    std::string path = dir + "/" + stored.hash + "." + std::string(ImageExtension(info.type));
    JANGTEO_TRY_STATUS(WriteOnce(dir, path, bytes));
    JANGTEO_TRY(std::int64_t inserted, db_.Write([&](store::Tx& tx) {
        return tx.Exec(kInsertImage, {merchant.key(), std::string_view(stored.hash), ImageMediaType(info.type),
                                      static_cast<std::int64_t>(info.width), static_cast<std::int64_t>(info.height),
                                      static_cast<std::int64_t>(bytes.size()), core::ToUnixMicros(clock_.Now())});
    }));
    stored.created = inserted == 1;
    return stored;
}

std::optional<ImageService::File> ImageService::FileOf(std::string_view name) const {
    auto dot = name.find('.');
    if (dot != 64) return std::nullopt;
    std::string_view hash = name.substr(0, 64);
    for (char c : hash) {
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return std::nullopt;
    }
    std::string_view ext = name.substr(65);
    std::optional<ImageType> type;
    for (ImageType t : {ImageType::kJpeg, ImageType::kPng, ImageType::kWebp}) {
        if (ImageExtension(t) == ext) type = t;
    }
    if (!type) return std::nullopt;
    return File{.path = media_dir_ + "/" + std::string(hash.substr(0, 2)) + "/" + std::string(name),
                .media_type = ImageMediaType(*type),
                .hash = std::string(hash)};
}

}  // namespace jangteo::catalog
