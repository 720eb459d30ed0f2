// The demo's PNG encoder: its files are PNGs that SniffImage takes at their size, every chunk's
// CRC-32 and the zlib stream's Adler-32 are right, and a small inflater (stored and fixed-Huffman
// blocks, which is all the encoder writes) gives back exactly the pixels encoded, for pictures with
// long runs, with none, and of odd sizes.
#include "catalog/demo_products.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <optional>
#include <string>

#include "catalog/media.hpp"

namespace jangteo::catalog {
namespace {

std::uint32_t Be32(std::string_view b, std::size_t at) {
    return (static_cast<std::uint32_t>(static_cast<unsigned char>(b[at])) << 24) |
           (static_cast<std::uint32_t>(static_cast<unsigned char>(b[at + 1])) << 16) |
           (static_cast<std::uint32_t>(static_cast<unsigned char>(b[at + 2])) << 8) |
           static_cast<unsigned char>(b[at + 3]);
}

// The reference CRC-32 of PNG (bit by bit, no table) and Adler-32 of zlib.
std::uint32_t Crc32(std::string_view bytes) {
    std::uint32_t crc = 0xFFFFFFFFu;
    for (char c : bytes) {
        crc ^= static_cast<unsigned char>(c);
        for (int k = 0; k < 8; ++k) crc = (crc & 1) ? 0xEDB88320u ^ (crc >> 1) : crc >> 1;
    }
    return ~crc;
}

std::uint32_t Adler32(std::string_view bytes) {
    std::uint32_t a = 1, b = 0;
    for (char c : bytes) {
        a = (a + static_cast<unsigned char>(c)) % 65521;
        b = (b + a) % 65521;
    }
    return (b << 16) | a;
}

class BitReader {
public:
    explicit BitReader(std::string_view data) : data_(data) {}
    bool ok() const { return ok_; }
    std::uint32_t Bits(int count) {  // least significant bit first
        std::uint32_t v = 0;
        for (int i = 0; i < count; ++i) v |= static_cast<std::uint32_t>(Bit()) << i;
        return v;
    }
    std::uint32_t Bit() {
        if (pos_ / 8 >= data_.size()) {
            ok_ = false;
            return 0;
        }
        std::uint32_t b = (static_cast<unsigned char>(data_[pos_ / 8]) >> (pos_ % 8)) & 1u;
        ++pos_;
        return b;
    }
    void Align() { pos_ = (pos_ + 7) / 8 * 8; }
    std::size_t byte() const { return pos_ / 8; }

private:
    std::string_view data_;
    std::size_t pos_ = 0;
    bool ok_ = true;
};

constexpr int kLengthBase[29] = {3,  4,  5,  6,  7,  8,  9,  10, 11,  13,  15,  17,  19,  23, 27,
                                 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258};
constexpr int kLengthExtra[29] = {0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2,
                                  2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0};
constexpr int kDistanceBase[30] = {1,    2,    3,    4,    5,    7,    9,    13,    17,    25,
                                   33,   49,   65,   97,   129,  193,  257,  385,   513,   769,
                                   1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577};
constexpr int kDistanceExtra[30] = {0, 0, 0, 0, 1, 1, 2, 2,  3,  3,  4,  4,  5,  5,  6,
                                    6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13};

// RFC 1951 for stored and fixed-Huffman blocks; nullopt for anything else or a broken stream.
std::optional<std::string> Inflate(std::string_view deflate) {
    BitReader in(deflate);
    std::string out;
    bool last = false;
    while (!last) {
        last = in.Bits(1) == 1;
        std::uint32_t type = in.Bits(2);
        if (type == 0) {
            in.Align();
            std::uint32_t len = in.Bits(16), nlen = in.Bits(16);
            if ((len ^ 0xFFFFu) != nlen) return std::nullopt;
            for (std::uint32_t i = 0; i < len; ++i) out.push_back(static_cast<char>(in.Bits(8)));
            continue;
        }
        if (type != 1) return std::nullopt;
        while (true) {
            std::uint32_t code = 0;
            for (int i = 0; i < 7; ++i) code = (code << 1) | in.Bit();
            int symbol;
            if (code <= 23) {
                symbol = 256 + static_cast<int>(code);
            } else {
                code = (code << 1) | in.Bit();
                if (code >= 0x30 && code <= 0xBF) {
                    symbol = static_cast<int>(code) - 0x30;
                } else if (code >= 0xC0 && code <= 0xC7) {
                    symbol = 280 + static_cast<int>(code) - 0xC0;
                } else {
                    code = (code << 1) | in.Bit();
                    symbol = 144 + static_cast<int>(code) - 0x190;
                }
            }
            if (!in.ok()) return std::nullopt;
            if (symbol < 256) {
                out.push_back(static_cast<char>(symbol));
                continue;
            }
            if (symbol == 256) break;
            if (symbol > 285) return std::nullopt;
            std::size_t length =
                static_cast<std::size_t>(kLengthBase[symbol - 257]) + in.Bits(kLengthExtra[symbol - 257]);
            std::uint32_t d = 0;
            for (int i = 0; i < 5; ++i) d = (d << 1) | in.Bit();
            if (d >= 30) return std::nullopt;
            std::size_t distance = static_cast<std::size_t>(kDistanceBase[d]) + in.Bits(kDistanceExtra[d]);
            if (distance > out.size()) return std::nullopt;
            for (std::size_t i = 0; i < length; ++i) out.push_back(out[out.size() - distance]);
        }
    }
    if (!in.ok()) return std::nullopt;
    return out;
}

// The RGB pixels of a PNG made by EncodePng (8-bit truecolour, filters None or Sub), checking every
// CRC and the Adler-32 on the way; "" with a test failure when something is off.
std::string Decode(std::string_view png, std::uint32_t width, std::uint32_t height) {
    EXPECT_TRUE(png.starts_with("\x89PNG\r\n\x1A\n"));
    std::string zlib;
    std::size_t at = 8;
    std::string types;
    while (at + 12 <= png.size()) {
        std::uint32_t length = Be32(png, at);
        std::string_view type = png.substr(at + 4, 4);
        std::string_view data = png.substr(at + 8, length);
        EXPECT_EQ(Be32(png, at + 8 + length), Crc32(png.substr(at + 4, 4 + length))) << type;
        types.append(type).push_back(' ');
        if (type == "IHDR") {
            EXPECT_EQ(Be32(data, 0), width);
            EXPECT_EQ(Be32(data, 4), height);
            EXPECT_EQ(data.substr(8), std::string_view("\x08\x02\x00\x00\x00", 5));
        }
        if (type == "IDAT") zlib.append(data);
        at += 12 + length;
    }
    EXPECT_EQ(at, png.size());
    EXPECT_EQ(types, "IHDR IDAT IEND ");
    if (zlib.size() < 6) return {};
    EXPECT_EQ(((static_cast<unsigned char>(zlib[0]) << 8) | static_cast<unsigned char>(zlib[1])) % 31, 0);
    EXPECT_EQ(static_cast<unsigned char>(zlib[0]) & 0x0F, 8);  // deflate
    std::optional<std::string> raw = Inflate(std::string_view(zlib).substr(2, zlib.size() - 6));
    if (!raw) {
        ADD_FAILURE() << "the deflate stream does not inflate";
        return {};
    }
    EXPECT_EQ(Be32(zlib, zlib.size() - 4), Adler32(*raw));
    const std::size_t row = static_cast<std::size_t>(width) * 3;
    if (raw->size() != (row + 1) * height) {
        ADD_FAILURE() << "inflated to " << raw->size() << " bytes";
        return {};
    }
    std::string rgb;
    for (std::uint32_t y = 0; y < height; ++y) {
        const char filter = (*raw)[y * (row + 1)];
        EXPECT_TRUE(filter == 0 || filter == 1) << int(filter);
        for (std::size_t x = 0; x < row; ++x) {
            unsigned char v = static_cast<unsigned char>((*raw)[y * (row + 1) + 1 + x]);
            if (filter == 1 && x >= 3)
                v = static_cast<unsigned char>(v + static_cast<unsigned char>(rgb[y * row + x - 3]));
            rgb.push_back(static_cast<char>(v));
        }
    }
    return rgb;
}

TEST(DemoPngTest, ThePictureIsAPngOfItsSize) {
    const std::string rgb = DemoPicture(240, 240, 200);
    ASSERT_EQ(rgb.size(), 240u * 240u * 3u);
    const std::string png = EncodePng(240, 240, rgb);
    auto info = SniffImage(png);
    ASSERT_TRUE(info.ok()) << info.error().message;
    EXPECT_EQ(info->type, ImageType::kPng);
    EXPECT_EQ(info->width, 240u);
    EXPECT_EQ(info->height, 240u);
    // Runs compress: a card picture is a few KB, not the 170 KB of its pixels.
    EXPECT_LT(png.size(), 12'000u);
    EXPECT_EQ(Decode(png, 240, 240), rgb);
    // The same pixels, the same bytes (the demo's files are named by their hash).
    EXPECT_EQ(EncodePng(240, 240, DemoPicture(240, 240, 200)), png);
    EXPECT_NE(EncodePng(240, 240, DemoPicture(240, 240, 206)), png);
}

TEST(DemoPngTest, PicturesAreSoftGradientsWithADisc) {
    const std::string rgb = DemoPicture(240, 240, 30);
    auto pixel = [&](int x, int y) { return rgb.substr(static_cast<std::size_t>(y * 240 + x) * 3, 3); };
    auto brightness = [&](int x, int y) {
        std::string p = pixel(x, y);
        return static_cast<unsigned char>(p[0]) + static_cast<unsigned char>(p[1]) + static_cast<unsigned char>(p[2]);
    };
    // Lighter at the top than at the bottom, the disc deeper than the background around it.
    EXPECT_GT(brightness(5, 2), brightness(5, 237));
    EXPECT_GT(brightness(5, 125), brightness(120, 125));
    // A row of the background is one colour from edge to edge.
    EXPECT_EQ(pixel(0, 10), pixel(239, 10));
}

TEST(DemoPngTest, RoundTripsAnyPixels) {
    // Noise (no runs at all), a single pixel, one colour (runs longer than a match), odd sizes.
    std::string noise;
    std::uint32_t state = 12345;
    for (int i = 0; i < 17 * 5 * 3; ++i) {
        state = state * 1103515245u + 12345u;
        noise.push_back(static_cast<char>(state >> 24));
    }
    struct Case {
        std::uint32_t w, h;
        std::string rgb;
    };
    const Case cases[] = {
        {17, 5, noise},
        {1, 1, std::string("\x10\x20\x30", 3)},
        {300, 2, std::string(300 * 2 * 3, '\x7F')},
        {99, 3, DemoPicture(99, 3, 300)},
        {3, 99, DemoPicture(3, 99, 120)},
    };
    for (const Case& c : cases) {
        const std::string png = EncodePng(c.w, c.h, c.rgb);
        auto info = SniffImage(png);
        ASSERT_TRUE(info.ok()) << c.w << "x" << c.h << ": " << info.error().message;
        EXPECT_EQ(info->width, c.w);
        EXPECT_EQ(info->height, c.h);
        EXPECT_EQ(Decode(png, c.w, c.h), c.rgb) << c.w << "x" << c.h;
    }
}

TEST(DemoPngTest, TheInflaterReadsStoredBlocksToo) {
    // A stored block of "abc" (BFINAL, BTYPE 00, aligned LEN and NLEN): the reference the fixed
    // blocks are checked against reads both kinds.
    const std::string stored = std::string("\x01\x03\x00\xFC\xFF", 5) + "abc";
    EXPECT_EQ(Inflate(stored), std::optional<std::string>("abc"));
    EXPECT_EQ(Inflate(std::string("\x01\x03\x00\x00\x00", 5) + "abc"), std::nullopt);  // NLEN wrong
    EXPECT_EQ(Crc32("IEND"), 0xAE426082u);
    EXPECT_EQ(Adler32("Wikipedia"), 0x11E60398u);
}

}  // namespace
}  // namespace jangteo::catalog
