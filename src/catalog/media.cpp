#include "catalog/media.hpp"

#include <string>

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

}  // namespace jangteo::catalog
