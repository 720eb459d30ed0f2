// Serves the web app's built files from one folder: content type by extension, a validator pair
// (ETag and Last-Modified, answering 304 to a matching conditional request), a year-long immutable
// cache for content-hashed asset names (`index-3f9a1c2b.js`) and revalidation for everything else,
// and the app's index.html for any other path that does not name a file, so that client-side routes
// survive a reload. Nothing outside the folder is reachable.
#pragma once

#include <filesystem>
#include <string_view>

#include "core/error.hpp"
#include "http/message.hpp"

namespace jangteo::http {

class StaticFiles {
public:
    explicit StaticFiles(std::filesystem::path root);

    core::Result<Response> Serve(const Request& request) const;

    static constexpr long kMaxFileSize = 16L << 20;

    static std::string_view ContentTypeFor(std::string_view extension);
    // True for names with a content hash of 8 or more characters before the extension.
    static bool IsHashedName(std::string_view file_name);

private:
    core::Result<Response> File(const Request& request, const std::filesystem::path& path, bool hashed) const;
    std::filesystem::path root_;
};

// An HTTP date (RFC 9110 IMF-fixdate), e.g. "Sun, 22 Nov 2026 08:00:00 GMT".
std::string HttpDate(std::int64_t unix_seconds);

}  // namespace jangteo::http
