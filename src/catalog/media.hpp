// Product images as merchants upload them: JPEG, PNG or WebP, recognised by their bytes, never by
// the file name or the type the browser claims, with their pixel size read from the header. A file
// that says it is an image and is not, or is cut short, or is larger than allowed, is refused.
//
//   JANGTEO_TRY(catalog::ImageInfo info, catalog::SniffImage(bytes, {.max_bytes = settings.image_max_bytes}));
//   // info.type, info.width, info.height; store under the SHA-256 of the bytes, serve as ImageMediaType(info.type)
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/clock.hpp"
#include "core/error.hpp"
#include "platform/ids.hpp"
#include "store/db.hpp"

namespace jangteo::catalog {

enum class ImageType { kJpeg, kPng, kWebp };
std::string_view ImageMediaType(ImageType type);  // "image/jpeg", "image/png", "image/webp"
std::string_view ImageExtension(ImageType type);  // "jpg", "png", "webp"

struct ImageInfo {
    ImageType type = ImageType::kJpeg;
    std::uint32_t width = 0;
    std::uint32_t height = 0;
};

struct ImageLimits {
    std::size_t max_bytes = 10 * 1024 * 1024;
    std::uint32_t max_side = 16384;  // pixels, each way: larger ones are decompression bombs, not photos
};

// kInvalidArgument with one field error on `field`: "image_too_large" (more bytes than
// limits.max_bytes), "image_too_many_pixels", "unsupported_image_type" (not JPEG, PNG or WebP,
// whatever its name says), "corrupt_image" (a known type whose header is broken or cut short).
core::Result<ImageInfo> SniffImage(std::string_view bytes, const ImageLimits& limits = {},
                                   std::string_view field = "file");

// What an upload stored.
struct StoredImage {
    std::string hash;  // SHA-256 of the bytes, 64 lower-case hex digits
    ImageInfo info;
    std::size_t bytes = 0;
    bool created = false;  // false when this merchant had uploaded the same file before
};

// The image files of the portal: stored once each under `media_dir` by the SHA-256 of their bytes
// (media_dir/ab/abcdef….jpg), never changed afterwards, so that they can be served with a cache
// lifetime of a year. A row per merchant and file says who may attach it to products.
//
//   catalog::ImageService images(db, clock, settings.media_dir, {.max_bytes = settings.image_max_bytes});
//   JANGTEO_TRY(catalog::StoredImage stored, images.Upload(merchant_id, request.body));
//   auto file = images.FileOf("ab…ef.png");   // for GET /media/{name}
//
// Thread-safe. The file is written to a temporary name and renamed, so a reader never sees half a file.
class ImageService {
public:
    ImageService(store::Db& db, core::Clock& clock, std::string media_dir, ImageLimits limits)
        : db_(db), clock_(clock), media_dir_(std::move(media_dir)), limits_(limits) {}

    // SniffImage's refusals (field "file"); kUnavailable "media_unavailable" when the file cannot be
    // written (disk full, permissions).
    core::Result<StoredImage> Upload(platform::MerchantId merchant, std::string_view bytes);

    // The path of a served name "<hash>.<ext>" and its media type; nullopt for a name that is not
    // one (no path tricks can reach outside media_dir).
    struct File {
        std::string path;
        std::string_view media_type;
        std::string hash;
    };
    std::optional<File> FileOf(std::string_view name) const;

    const ImageLimits& limits() const { return limits_; }

private:
    store::Db& db_;
    core::Clock& clock_;
    std::string media_dir_;
    ImageLimits limits_;
};

// The SHA-256 of `bytes` in lower-case hex.
std::string Sha256Hex(std::string_view bytes);

}  // namespace jangteo::catalog
