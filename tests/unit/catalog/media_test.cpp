#include "catalog/media.hpp"

#include <gtest/gtest.h>

#include <string>

namespace jangteo::catalog {
namespace {

std::string Be32(std::uint32_t v) {
    return {static_cast<char>(v >> 24), static_cast<char>(v >> 16), static_cast<char>(v >> 8), static_cast<char>(v)};
}
std::string Le32(std::uint32_t v) {
    return {static_cast<char>(v), static_cast<char>(v >> 8), static_cast<char>(v >> 16), static_cast<char>(v >> 24)};
}

// A PNG's structure: signature, IHDR (13 bytes of data and a CRC), an IDAT, IEND. Sniffing reads
// the structure, not the pixels, so the CRCs and data may be zeros.
std::string Png(std::uint32_t w, std::uint32_t h) {
    std::string b = "\x89PNG\r\n\x1A\n";
    b += Be32(13) + "IHDR" + Be32(w) + Be32(h) + std::string("\x08\x02\x00\x00\x00", 5) + Be32(0);
    b += Be32(2) + "IDAT" + std::string(2, '\0') + Be32(0);
    b += Be32(0) + "IEND" + Be32(0xAE426082);
    return b;
}

// A baseline JPEG's structure: SOI, an APP0 (JFIF) segment, a DQT segment, SOF0 with the size, SOS, EOI.
std::string Jpeg(std::uint16_t w, std::uint16_t h) {
    std::string b = "\xFF\xD8";
    b += std::string("\xFF\xE0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00", 18);
    b += std::string("\xFF\xDB\x00\x04\x00\x01", 6);
    b += std::string("\xFF\xC0\x00\x0B\x08", 5) + static_cast<char>(h >> 8) + static_cast<char>(h) +
         static_cast<char>(w >> 8) + static_cast<char>(w) + std::string("\x01\x01\x11\x00", 4);
    b += std::string("\xFF\xDA\x00\x02\xFF\xD9", 6);
    return b;
}

std::string Riff(const std::string& chunks) {
    return "RIFF" + Le32(static_cast<std::uint32_t>(4 + chunks.size())) + "WEBP" + chunks;
}

std::string WebpLossy(std::uint16_t w, std::uint16_t h) {
    std::string frame = std::string("\x10\x02\x00\x9D\x01\x2A", 6);
    frame += static_cast<char>(w & 0xFF);
    frame += static_cast<char>(w >> 8);
    frame += static_cast<char>(h & 0xFF);
    frame += static_cast<char>(h >> 8);
    frame += std::string(8, '\0');
    return Riff("VP8 " + Le32(static_cast<std::uint32_t>(frame.size())) + frame);
}

std::string WebpLossless(std::uint32_t w, std::uint32_t h) {
    std::uint32_t bits = (w - 1) | ((h - 1) << 14);
    std::string data = "\x2F" + Le32(bits) + std::string(5, '\0');
    return Riff("VP8L" + Le32(static_cast<std::uint32_t>(data.size())) + data);
}

std::string Code(const core::Result<ImageInfo>& r) {
    return r.ok() ? "ok" : r.error().fields.at(0).code;
}

TEST(SniffImageTest, ReadsTypeAndSizeFromTheBytes) {
    auto png = SniffImage(Png(640, 480));
    ASSERT_TRUE(png.ok()) << png.error().message;
    EXPECT_EQ(png->type, ImageType::kPng);
    EXPECT_EQ(png->width, 640u);
    EXPECT_EQ(png->height, 480u);
    EXPECT_EQ(ImageMediaType(png->type), "image/png");

    auto jpeg = SniffImage(Jpeg(1200, 900));
    ASSERT_TRUE(jpeg.ok()) << jpeg.error().message;
    EXPECT_EQ(jpeg->type, ImageType::kJpeg);
    EXPECT_EQ(jpeg->width, 1200u);
    EXPECT_EQ(jpeg->height, 900u);
    EXPECT_EQ(ImageExtension(jpeg->type), "jpg");

    auto lossy = SniffImage(WebpLossy(800, 600));
    ASSERT_TRUE(lossy.ok()) << lossy.error().message;
    EXPECT_EQ(lossy->type, ImageType::kWebp);
    EXPECT_EQ(lossy->width, 800u);
    EXPECT_EQ(lossy->height, 600u);

    auto lossless = SniffImage(WebpLossless(320, 200));
    ASSERT_TRUE(lossless.ok()) << lossless.error().message;
    EXPECT_EQ(lossless->width, 320u);
    EXPECT_EQ(lossless->height, 200u);
}

TEST(SniffImageTest, FilesThatLieAreRefused) {
    EXPECT_EQ(Code(SniffImage("<svg xmlns='http://www.w3.org/2000/svg'/>")), "unsupported_image_type");
    EXPECT_EQ(Code(SniffImage("GIF89a\x01\x00\x01\x00")), "unsupported_image_type");
    EXPECT_EQ(Code(SniffImage("%PDF-1.7 looks like a photo.jpg")), "unsupported_image_type");
    EXPECT_EQ(Code(SniffImage("")), "unsupported_image_type");
    // The right magic with a broken or missing rest.
    std::string png = Png(10, 10);
    EXPECT_EQ(Code(SniffImage(png.substr(0, 30))), "corrupt_image");
    EXPECT_EQ(Code(SniffImage(Png(0, 10))), "corrupt_image");
    std::string jpeg = Jpeg(10, 10);
    EXPECT_EQ(Code(SniffImage(jpeg.substr(0, 12))), "corrupt_image");
    EXPECT_EQ(Code(SniffImage(std::string("\xFF\xD8\xFF\xDA\x00\x02", 6))), "corrupt_image")
        << "a scan before any frame";
    std::string webp = WebpLossy(10, 10);
    EXPECT_EQ(Code(SniffImage(webp + "tail")), "corrupt_image") << "RIFF size disagrees with the file";
    auto error = SniffImage("text", {}, "images[2]");
    ASSERT_FALSE(error.ok());
    EXPECT_EQ(error.error().code, core::ErrorCode::kInvalidArgument);
    EXPECT_EQ(error.error().fields.at(0).field, "images[2]");
}

TEST(SniffImageTest, LimitsOnBytesAndPixels) {
    std::string png = Png(100, 100);
    EXPECT_EQ(Code(SniffImage(png, {.max_bytes = png.size()})), "ok");
    EXPECT_EQ(Code(SniffImage(png, {.max_bytes = png.size() - 1})), "image_too_large");
    EXPECT_EQ(Code(SniffImage(Png(20000, 10))), "image_too_many_pixels");
    EXPECT_EQ(Code(SniffImage(Jpeg(100, 100), {.max_side = 99})), "image_too_many_pixels");
}

}  // namespace
}  // namespace jangteo::catalog
