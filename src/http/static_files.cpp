#include "http/static_files.hpp"

#include <sys/stat.h>

#include <cstdio>
#include <ctime>
#include <fstream>
#include <sstream>

namespace jangteo::http {

namespace fs = std::filesystem;

namespace {
core::Error NotFound(std::string_view path) {
    return core::Error::NotFound("file_not_found", "no file at " + std::string(path.substr(0, 200)));
}
}  // namespace

StaticFiles::StaticFiles(fs::path root) : root_(std::move(root)) {}

std::string HttpDate(std::int64_t unix_seconds) {
    std::time_t t = static_cast<std::time_t>(unix_seconds);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[64];
    std::size_t n = std::strftime(buf, sizeof buf, "%a, %d %b %Y %H:%M:%S GMT", &tm);
    return std::string(buf, n);
}

std::string_view StaticFiles::ContentTypeFor(std::string_view ext) {
    if (ext == ".html" || ext == ".htm") return "text/html; charset=utf-8";
    if (ext == ".js" || ext == ".mjs") return "text/javascript; charset=utf-8";
    if (ext == ".css") return "text/css; charset=utf-8";
    if (ext == ".json" || ext == ".map") return "application/json";
    if (ext == ".webmanifest") return "application/manifest+json";
    if (ext == ".svg") return "image/svg+xml";
    if (ext == ".png") return "image/png";
    if (ext == ".jpg" || ext == ".jpeg") return "image/jpeg";
    if (ext == ".webp") return "image/webp";
    if (ext == ".gif") return "image/gif";
    if (ext == ".ico") return "image/x-icon";
    if (ext == ".woff2") return "font/woff2";
    if (ext == ".woff") return "font/woff";
    if (ext == ".ttf") return "font/ttf";
    if (ext == ".txt") return "text/plain; charset=utf-8";
    if (ext == ".wasm") return "application/wasm";
    return "application/octet-stream";
}

bool StaticFiles::IsHashedName(std::string_view name) {
    // name-HASH.ext or name.HASH.ext with HASH of [A-Za-z0-9_] and at least 8 characters.
    auto dot = name.rfind('.');
    if (dot == std::string_view::npos) return false;
    std::string_view stem = name.substr(0, dot);
    auto sep = stem.find_last_of("-.");
    if (sep == std::string_view::npos) return false;
    std::string_view hash = stem.substr(sep + 1);
    if (hash.size() < 8) return false;
    bool has_digit = false;
    for (char c : hash) {
        bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
        if (!alnum) return false;
        has_digit |= c >= '0' && c <= '9';
    }
    return has_digit;
}

core::Result<Response> StaticFiles::Serve(const Request& request) const {
    auto decoded = PercentDecode(request.path());
    if (!decoded) return NotFound(request.path());
    std::string_view path = *decoded;
    // Every segment, the first included, is checked: nothing that could climb out of the root, and
    // no hidden files (.env, .git).
    for (std::size_t start = 0; start <= path.size();) {
        std::size_t end = path.find('/', start);
        if (end == std::string_view::npos) end = path.size();
        std::string_view segment = path.substr(start, end - start);
        if (segment.starts_with(".") || segment.find('\\') != std::string_view::npos) return NotFound(path);
        start = end + 1;
    }
    std::string_view relative = path;
    while (!relative.empty() && relative.front() == '/') relative.remove_prefix(1);
    if (!relative.empty()) {
        fs::path file = root_ / fs::path(std::string(relative));
        std::error_code ec;
        if (fs::is_regular_file(file, ec)) {
            return File(request, file, IsHashedName(file.filename().string()));
        }
        // A missing asset is a 404: answering it with the index page would hand HTML to a script tag.
        std::string_view last =
            relative.substr(relative.rfind('/') == std::string_view::npos ? 0 : relative.rfind('/') + 1);
        if (last.find('.') != std::string_view::npos) return NotFound(path);
    }
    fs::path index = root_ / "index.html";
    std::error_code ec;
    if (!fs::is_regular_file(index, ec)) {
        return core::Error::NotFound("web_app_missing", "the web app is not built (no index.html in the web root)");
    }
    return File(request, index, false);
}

core::Result<Response> StaticFiles::File(const Request& request, const fs::path& path, bool hashed) const {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) return NotFound(request.path());
    // Each answer holds its file in memory: the web app's files are small, and a bound keeps a
    // stray large file from costing memory per concurrent request.
    if (st.st_size > kMaxFileSize) {
        return core::Error::NotFound("file_too_large", "the file is larger than the web root serves");
    }
    char etag[64];
    std::snprintf(etag, sizeof etag, "\"%llx-%llx\"", static_cast<unsigned long long>(st.st_size),
                  static_cast<unsigned long long>(st.st_mtim.tv_sec * 1000000000LL + st.st_mtim.tv_nsec));
    std::string last_modified = HttpDate(st.st_mtim.tv_sec);

    Response r;
    r.content_type = std::string(ContentTypeFor(path.extension().string()));
    r.SetHeader("ETag", etag);
    r.SetHeader("Last-Modified", last_modified);
    r.SetHeader("Cache-Control", hashed ? "public, max-age=31536000, immutable" : "no-cache");
    r.SetHeader("X-Content-Type-Options", "nosniff");

    bool not_modified = false;
    if (auto inm = request.Header("if-none-match")) {
        not_modified = inm->find(etag) != std::string_view::npos || *inm == "*";
    } else if (auto ims = request.Header("if-modified-since")) {
        not_modified = *ims == last_modified;
    }
    if (not_modified) {
        r.status = 304;
        r.content_type.clear();
        return r;
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) return NotFound(request.path());
    r.body.resize(static_cast<std::size_t>(st.st_size));
    in.read(r.body.data(), static_cast<std::streamsize>(r.body.size()));
    r.body.resize(static_cast<std::size_t>(in.gcount()));
    return r;
}

}  // namespace jangteo::http
