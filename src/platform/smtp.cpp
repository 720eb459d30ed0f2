#include "platform/smtp.hpp"

#include <curl/curl.h>

#include <algorithm>
#include <cstdio>
#include <cstring>

#include "core/validate.hpp"

namespace jangteo::platform {

namespace {

constexpr std::string_view kBase64Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
// RFC 2047: an encoded-word is at most 75 characters, and a line holding one at most 76.
constexpr std::size_t kMaxEncodedWord = 75;
constexpr std::size_t kMaxEncodedLine = 76;
constexpr std::string_view kWordStart = "=?UTF-8?B?";
constexpr std::string_view kWordEnd = "?=";
// RFC 5322 recommends header lines of at most 78 characters.
constexpr std::size_t kMaxPlainLine = 78;
constexpr std::size_t kMaxDisplayNameBytes = 200;
constexpr std::chrono::milliseconds kMaxConnectTimeout{10'000};

bool IsSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

std::string_view Trim(std::string_view s) {
    while (!s.empty() && IsSpace(s.front())) s.remove_prefix(1);
    while (!s.empty() && IsSpace(s.back())) s.remove_suffix(1);
    return s;
}

bool IsAlnum(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

// An addr-spec whose local part is a dot-atom and whose domain is a host name (one label allowed).
bool ValidAddress(std::string_view address) {
    std::size_t at = address.find('@');
    if (at == std::string_view::npos || address.find('@', at + 1) != std::string_view::npos) return false;
    if (address.size() > 254) return false;
    std::string_view local = address.substr(0, at);
    std::string_view domain = address.substr(at + 1);
    if (local.empty() || local.size() > 64 || local.front() == '.' || local.back() == '.') return false;
    if (local.find("..") != std::string_view::npos) return false;
    constexpr std::string_view kSpecials = "!#$%&'*+-/=?^_`{|}~.";
    for (char c : local) {
        if (!IsAlnum(c) && kSpecials.find(c) == std::string_view::npos) return false;
    }
    if (domain.empty()) return false;
    while (true) {
        std::size_t dot = domain.find('.');
        std::string_view label = domain.substr(0, dot);
        if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-') return false;
        for (char c : label) {
            if (!IsAlnum(c) && c != '-') return false;
        }
        if (dot == std::string_view::npos) return true;
        domain.remove_prefix(dot + 1);
    }
}

bool PrintableAscii(std::string_view text) {
    return std::all_of(text.begin(), text.end(), [](char c) { return c >= 0x20 && c <= 0x7E; });
}

// A display name that can stand in a header as is: letters, digits, spaces and the atext specials
// that need no quoting.
bool PlainPhrase(std::string_view text) {
    constexpr std::string_view kAtext = "!#$%&'*+-/=?^_`{|}~ ";
    return !text.empty() && text.front() != ' ' && text.back() != ' ' && text.find("=?") == std::string_view::npos &&
           std::all_of(text.begin(), text.end(),
                       [&](char c) { return IsAlnum(c) || kAtext.find(c) != std::string_view::npos; });
}

void AppendBase64(std::string& out, std::string_view bytes) {
    std::size_t i = 0;
    auto at = [&](std::size_t k) { return static_cast<unsigned char>(bytes[k]); };
    for (; i + 3 <= bytes.size(); i += 3) {
        std::uint32_t v = (at(i) << 16) | (at(i + 1) << 8) | at(i + 2);
        out.push_back(kBase64Alphabet[(v >> 18) & 63]);
        out.push_back(kBase64Alphabet[(v >> 12) & 63]);
        out.push_back(kBase64Alphabet[(v >> 6) & 63]);
        out.push_back(kBase64Alphabet[v & 63]);
    }
    std::size_t rest = bytes.size() - i;
    if (rest == 0) return;
    std::uint32_t v = at(i) << 16;
    if (rest == 2) v |= at(i + 1) << 8;
    out.push_back(kBase64Alphabet[(v >> 18) & 63]);
    out.push_back(kBase64Alphabet[(v >> 12) & 63]);
    out.push_back(rest == 2 ? kBase64Alphabet[(v >> 6) & 63] : '=');
    out.push_back('=');
}

// Line breaks as CRLF, the canonical form of text/plain.
std::string CanonicalLines(std::string_view text) {
    std::string out;
    out.reserve(text.size() + text.size() / 32);
    for (std::size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (c == '\r') {
            out += "\r\n";
            if (i + 1 < text.size() && text[i + 1] == '\n') ++i;
        } else if (c == '\n') {
            out += "\r\n";
        } else {
            out.push_back(c);
        }
    }
    return out;
}

std::string_view Domain(std::string_view address) {
    return address.substr(address.find('@') + 1);
}

std::string FromHeader(const Mailbox& from) {
    std::string out;
    if (from.display_name.empty()) return from.address;
    constexpr std::size_t kUsed = 6;  // "From: "
    if (PlainPhrase(from.display_name)) {
        out = from.display_name;
    } else {
        out = EncodeHeaderText(from.display_name, kUsed);
        // EncodeHeaderText keeps short printable ASCII as is: quote it if it has specials.
        if (out == from.display_name) {
            out = "\"";
            for (char c : from.display_name) {
                if (c == '"' || c == '\\') out.push_back('\\');
                out.push_back(c);
            }
            out.push_back('"');
        }
    }
    std::size_t last_line = out.rfind('\n');
    std::size_t line_length = last_line == std::string::npos ? kUsed + out.size() : out.size() - last_line - 1;
    // Fold before the address rather than make a line of encoded-words too long.
    out += line_length + 2 + from.address.size() + 1 > kMaxEncodedLine ? "\r\n <" : " <";
    out += from.address;
    out.push_back('>');
    return out;
}

std::once_flag curl_init_once;

core::Error BadSettings(std::string message) {
    return core::Error::Invalid("invalid_smtp_settings", std::move(message));
}

// libcurl pulls the message from here.
struct Upload {
    std::string_view data;
    std::size_t offset = 0;
};

std::size_t ReadUpload(char* buffer, std::size_t size, std::size_t count, void* user) {
    auto* upload = static_cast<Upload*>(user);
    std::size_t n = std::min(size * count, upload->data.size() - upload->offset);
    std::memcpy(buffer, upload->data.data() + upload->offset, n);
    upload->offset += n;
    return n;
}

}  // namespace

core::Result<Mailbox> ParseMailbox(std::string_view text) {
    auto bad = [] {
        return core::Error::Invalid("invalid_mailbox",
                                    "must be an address like no-reply@example.kr, or Name <no-reply@example.kr>");
    };
    std::string_view t = Trim(text);
    Mailbox out;
    if (!t.empty() && t.back() == '>') {
        std::size_t lt = t.rfind('<');
        if (lt == std::string_view::npos) return bad();
        out.address = std::string(t.substr(lt + 1, t.size() - lt - 2));
        std::string_view name = Trim(t.substr(0, lt));
        if (name.size() >= 2 && name.front() == '"' && name.back() == '"') {
            name = name.substr(1, name.size() - 2);
            for (std::size_t i = 0; i < name.size(); ++i) {
                if (name[i] == '\\' && i + 1 < name.size()) ++i;
                out.display_name.push_back(name[i]);
            }
        } else {
            out.display_name = std::string(name);
        }
    } else {
        out.address = std::string(t);
    }
    if (!ValidAddress(out.address)) return bad();
    if (out.display_name.size() > kMaxDisplayNameBytes) return bad();
    auto cps = core::DecodeUtf8(out.display_name);
    if (!cps) return bad();
    for (char32_t c : *cps) {
        if (c < 0x20 || c == 0x7F || (c >= 0x80 && c < 0xA0)) return bad();
    }
    return out;
}

std::string EncodeHeaderText(std::string_view text, std::size_t used) {
    if (PrintableAscii(text) && used + text.size() <= kMaxPlainLine && text.find("=?") == std::string_view::npos) {
        return std::string(text);
    }
    // The bytes whose encoded-word fits on a line that already holds `line` characters.
    auto fit = [](std::size_t line) {
        std::size_t room = std::min(kMaxEncodedWord, kMaxEncodedLine > line ? kMaxEncodedLine - line : 0);
        std::size_t overhead = kWordStart.size() + kWordEnd.size();
        return room > overhead ? (room - overhead) / 4 * 3 : 0;
    };
    std::string out;
    std::size_t line = used;  // characters on the current line so far
    std::size_t pos = 0;
    while (pos < text.size()) {
        if (!out.empty()) {
            out += "\r\n ";
            line = 1;
        }
        std::size_t max_bytes = fit(line);
        if (max_bytes < 4) {
            // Not even one character fits after the header's name: start on a continuation line.
            out += "\r\n ";
            line = 1;
            max_bytes = fit(line);
        }
        std::size_t end = std::min(text.size(), pos + max_bytes);
        // Back off to the start of a character, so that each word decodes on its own.
        while (end < text.size() && end > pos && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
        if (end == pos) end = std::min(text.size(), pos + max_bytes);  // not UTF-8: split anywhere
        std::size_t before = out.size();
        out += kWordStart;
        AppendBase64(out, text.substr(pos, end - pos));
        out += kWordEnd;
        line += out.size() - before;
        pos = end;
    }
    return out;
}

std::string FormatEmailDate(core::TimePoint t) {
    using namespace std::chrono;
    static constexpr const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                              "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    // Korea has kept +09:00 all year since 1988.
    auto local = time_point_cast<seconds>(t) + hours(9);
    auto day = floor<days>(local);
    year_month_day ymd{day};
    weekday wd{day};
    long long secs = (local - day).count();
    char buf[64];
    int n = std::snprintf(buf, sizeof buf, "%s, %02u %s %04d %02lld:%02lld:%02lld +0900", kDays[wd.c_encoding()],
                          static_cast<unsigned>(ymd.day()), kMonths[static_cast<unsigned>(ymd.month()) - 1],
                          static_cast<int>(ymd.year()), secs / 3600, (secs / 60) % 60, secs % 60);
    return std::string(buf, static_cast<std::size_t>(std::max(n, 0)));
}

std::string Base64Lines(std::string_view bytes) {
    std::string encoded;
    encoded.reserve((bytes.size() + 2) / 3 * 4);
    AppendBase64(encoded, bytes);
    constexpr std::size_t kLine = 76;
    std::string out;
    out.reserve(encoded.size() + encoded.size() / kLine * 2 + 2);
    for (std::size_t i = 0; i < encoded.size(); i += kLine) {
        out.append(encoded, i, kLine);
        out += "\r\n";
    }
    return out;
}

std::string FormatEmail(const StoredMessage& message, const Mailbox& from) {
    std::string out;
    out.reserve(512 + message.body.size() * 4 / 3);
    out += "Date: ";
    out += FormatEmailDate(message.created_at);
    out += "\r\nFrom: ";
    out += FromHeader(from);
    out += "\r\nTo: ";
    out += message.to;
    out += "\r\nSubject: ";
    out += EncodeHeaderText(message.subject, std::string_view("Subject: ").size());
    out += "\r\nMessage-ID: <";
    out += message.id.ToString();
    out += '@';
    out += Domain(from.address);
    out +=
        ">\r\nMIME-Version: 1.0\r\n"
        "Content-Type: text/plain; charset=UTF-8\r\n"
        "Content-Transfer-Encoding: base64\r\n"
        // RFC 3834: no vacation auto-replies to a machine's mail.
        "Auto-Submitted: auto-generated\r\n"
        "\r\n";
    out += Base64Lines(CanonicalLines(message.body));
    return out;
}

struct SmtpSender::Handle {
    CURL* curl = nullptr;
    char error[CURL_ERROR_SIZE] = {};
    ~Handle() {
        if (curl) curl_easy_cleanup(curl);
    }
};

SmtpSender::SmtpSender(SmtpSettings settings, Mailbox from, std::unique_ptr<Handle> handle)
    : settings_(std::move(settings)), from_(std::move(from)), handle_(std::move(handle)) {}

SmtpSender::~SmtpSender() = default;

core::Result<std::unique_ptr<SmtpSender>> SmtpSender::Create(SmtpSettings settings) {
    std::string_view url = settings.url;
    bool implicit_tls = url.starts_with("smtps://");
    if (!implicit_tls && !url.starts_with("smtp://"))
        return BadSettings("smtp_url must start with smtp:// or smtps://");
    std::string_view host = url.substr(implicit_tls ? 8 : 7);
    if (host.empty() || host.front() == ':' || host.front() == '/') return BadSettings("smtp_url must name a host");
    auto from = ParseMailbox(settings.from);
    if (!from.ok()) return BadSettings("mail_from " + from.error().message);
    if (settings.timeout.count() <= 0) return BadSettings("the SMTP timeout must be positive");

    std::call_once(curl_init_once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
    auto handle = std::make_unique<Handle>();
    handle->curl = curl_easy_init();
    if (!handle->curl) return core::Error::Internal("smtp_init_failed", "libcurl could not make a handle");
    CURL* c = handle->curl;
    std::string mail_from = "<";
    mail_from += from->address;
    mail_from += '>';
    // Credentials over smtp:// only after STARTTLS; without them, STARTTLS whenever it is offered.
    long use_ssl = implicit_tls || !settings.username.empty() ? CURLUSESSL_ALL : CURLUSESSL_TRY;
    long connect_ms = std::min(settings.timeout, kMaxConnectTimeout).count();
    CURLcode rc = CURLE_OK;
    auto set = [&](CURLoption option, auto value) {
        if (rc == CURLE_OK) rc = curl_easy_setopt(c, option, value);
    };
    set(CURLOPT_ERRORBUFFER, handle->error);
    set(CURLOPT_URL, settings.url.c_str());
    set(CURLOPT_PROTOCOLS_STR, "smtp,smtps");
    set(CURLOPT_USE_SSL, use_ssl);
    set(CURLOPT_MAIL_FROM, mail_from.c_str());
    if (!settings.username.empty()) {
        set(CURLOPT_USERNAME, settings.username.c_str());
        set(CURLOPT_PASSWORD, settings.password.c_str());
    }
    set(CURLOPT_TIMEOUT_MS, static_cast<long>(settings.timeout.count()));
    set(CURLOPT_CONNECTTIMEOUT_MS, connect_ms);
    set(CURLOPT_NOSIGNAL, 1L);  // no SIGALRM for timeouts: the server has other threads
    set(CURLOPT_UPLOAD, 1L);
    set(CURLOPT_READFUNCTION, &ReadUpload);
    if (rc != CURLE_OK) {
        return core::Error::Internal("smtp_init_failed",
                                     std::string("libcurl refused an option: ") + curl_easy_strerror(rc));
    }
    return std::unique_ptr<SmtpSender>(new SmtpSender(std::move(settings), std::move(*from), std::move(handle)));
}

core::Status SmtpSender::Send(const StoredMessage& message) {
    if (message.channel != Channel::kEmail) {
        return core::Error::FailedPrecondition("smtp_email_only", "the SMTP sender sends email only");
    }
    if (!ValidAddress(message.to)) {
        return core::Error::FailedPrecondition("smtp_bad_recipient", "the recipient is not an email address");
    }
    std::string text = FormatEmail(message, from_);
    std::string rcpt = "<";
    rcpt += message.to;
    rcpt += '>';

    std::lock_guard lock(mu_);
    CURL* c = handle_->curl;
    curl_slist* recipients = curl_slist_append(nullptr, rcpt.c_str());
    if (!recipients) return core::Error::Unavailable("smtp_failed", "out of memory");
    Upload upload{text, 0};
    handle_->error[0] = '\0';
    curl_easy_setopt(c, CURLOPT_MAIL_RCPT, recipients);
    curl_easy_setopt(c, CURLOPT_READDATA, &upload);
    curl_easy_setopt(c, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(text.size()));
    CURLcode rc = curl_easy_perform(c);
    long response = 0;
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &response);
    curl_easy_setopt(c, CURLOPT_MAIL_RCPT, nullptr);
    curl_easy_setopt(c, CURLOPT_READDATA, nullptr);
    curl_slist_free_all(recipients);
    if (rc == CURLE_OK) return {};

    std::string why = curl_easy_strerror(rc);
    if (handle_->error[0] != '\0') {
        why += ": ";
        why += handle_->error;
    }
    if (response != 0) {
        why += " (server said ";
        why += std::to_string(response);
        why += ')';
    }
    if (response == 550 || response == 551 || response == 553) {
        return core::Error::FailedPrecondition("smtp_recipient_rejected", std::move(why));
    }
    return core::Error::Unavailable("smtp_failed", std::move(why));
}

}  // namespace jangteo::platform
