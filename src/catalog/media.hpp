// Product images as merchants upload them: JPEG, PNG or WebP, recognised by their bytes, never by
// the file name or the type the browser claims, with their pixel size read from the header. A file
// that says it is an image and is not, or is cut short, or is larger than allowed, is refused.
//
//   JANGTEO_TRY(catalog::ImageInfo info, catalog::SniffImage(bytes, {.max_bytes = settings.image_max_bytes}));
//   // info.type, info.width, info.height; store under the SHA-256 of the bytes, serve as ImageMediaType(info.type)
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/error.hpp"

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

}  // namespace jangteo::catalog
