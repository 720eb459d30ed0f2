// `jangteo customers resolve | generate | evaluate` (docs/identity.md): identity resolution over CSV
// files, without a database. Output files are written next to their final name and renamed into
// place, so that a failed run leaves no file behind.
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <thread>

#include "app/app.hpp"
#include "customers/identity_csv.hpp"
#include "customers/record_gen.hpp"
#include "customers/resolve.hpp"

namespace jangteo::app {

namespace {

// Reads a whole file; `what` names it in errors.
core::Result<std::string> ReadWholeFile(const std::string& path, std::string_view what) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return core::Error::NotFound("file_not_found", std::string(what) + " " + path + " cannot be read");
    std::ostringstream text;
    text << in.rdbuf();
    if (in.bad()) return core::Error::Unavailable("read_failed", "reading " + path + " failed");
    return std::move(text).str();
}

// Writes `text` to `path` through a temporary file in the same folder, renamed into place.
core::Status WriteWholeFile(const std::string& path, std::string_view text) {
    std::string tmp = path + ".tmp." + std::to_string(::getpid());
    {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        if (out) out.write(text.data(), static_cast<std::streamsize>(text.size()));
        out.close();
        if (!out) {
            std::error_code ignored;
            std::filesystem::remove(tmp, ignored);
            return core::Error::Unavailable("write_failed", "cannot write " + path);
        }
    }
    std::error_code ec;
    std::filesystem::rename(tmp, path, ec);
    if (ec) {
        std::filesystem::remove(tmp, ec);
        return core::Error::Unavailable("write_failed", "cannot write " + path);
    }
    return {};
}

// Today in Korea as YYYYMMDD: birth dates are judged by the Korean calendar day.
std::uint32_t TodayInKorea() {
    auto now = std::chrono::system_clock::now() + std::chrono::hours(9);
    auto day = std::chrono::year_month_day(std::chrono::floor<std::chrono::days>(now));
    return static_cast<std::uint32_t>(static_cast<int>(day.year()) * 10000 +
                                      static_cast<int>(static_cast<unsigned>(day.month())) * 100 +
                                      static_cast<int>(static_cast<unsigned>(day.day())));
}

double Seconds(std::chrono::steady_clock::time_point since) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
}

}  // namespace

core::Result<std::string> CustomersResolve(const CustomersResolveOptions& options) {
    auto start = std::chrono::steady_clock::now();
    JANGTEO_TRY(std::string text, ReadWholeFile(options.input, "the records file"));
    auto records = customers::ReadPersonRecords(text);
    if (!records.ok()) {
        auto error = std::move(records).error();
        error.message = options.input + ": " + error.message;
        return error;
    }
    std::string().swap(text);
    double read_s = Seconds(start);

    std::uint32_t today = TodayInKorea();
    std::vector<customers::NormalizedRecord> normalized(records->size());
    {
        // Two halves on two threads: normalising is most of the time a batch spends before blocking.
        auto work = [&](std::size_t b, std::size_t e) {
            for (std::size_t i = b; i < e; ++i) normalized[i] = customers::Normalize((*records)[i], today);
        };
        std::size_t half = records->size() / 2;
        std::thread other(work, half, records->size());
        work(0, half);
        other.join();
    }
    std::vector<customers::Assignment> assignments;
    assignments.reserve(records->size());
    for (auto& r : *records) assignments.push_back({std::move(r.record_id), {}});
    records->clear();
    records->shrink_to_fit();
    double normalize_s = Seconds(start) - read_s;

    customers::ResolveOptions resolve_options;
    resolve_options.threads = options.threads;
    resolve_options.link_probability = options.link_probability;
    resolve_options.review_probability = std::min(options.review_probability, options.link_probability);
    resolve_options.sole_holder = options.sole_holder;
    std::optional<customers::Model> given_model;
    if (!options.model_in.empty()) {
        JANGTEO_TRY(std::string json, ReadWholeFile(options.model_in, "the model file"));
        JANGTEO_TRY(auto model, customers::Model::FromJson(json));
        given_model = std::move(model);
        resolve_options.estimate = false;
        resolve_options.model = &*given_model;
    }
    customers::Resolution resolution = customers::Resolve(normalized, resolve_options);
    double resolve_s = Seconds(start) - read_s - normalize_s;

    for (std::size_t i = 0; i < assignments.size(); ++i) {
        char id[16];
        std::snprintf(id, sizeof id, "p%07u", resolution.cluster[i] + 1);
        assignments[i].person_id = id;
    }
    if (!options.review.empty()) {
        std::string csv = "record_id_a,record_id_b,weight,rule";
        for (int f = 0; f < customers::kFieldCount; ++f) {
            csv += ",";
            csv += customers::FieldName(static_cast<customers::Field>(f));
        }
        csv += "\r\n";
        for (const auto& pair : resolution.review) {
            char weight[32];
            std::snprintf(weight, sizeof weight, "%.2f", pair.score.weight);
            csv += assignments[pair.a].record_id + "," + assignments[pair.b].record_id + "," + weight + "," +
                   std::string(pair.score.rule);
            for (int f = 0; f < customers::kFieldCount; ++f) {
                const auto& e = pair.score.fields[f];
                char field[48];
                std::snprintf(field, sizeof field, ",%s %.2f",
                              std::string(customers::LevelName(static_cast<customers::Field>(f), e.level)).c_str(),
                              e.weight);
                csv += field;
            }
            csv += "\r\n";
        }
        JANGTEO_TRY_STATUS(WriteWholeFile(options.review, csv));
    }
    if (!options.model_out.empty()) JANGTEO_TRY_STATUS(WriteWholeFile(options.model_out, resolution.model.ToJson()));
    JANGTEO_TRY_STATUS(WriteWholeFile(options.output, customers::WriteAssignments(assignments)));

    const auto& s = resolution.stats;
    char summary[512];
    std::snprintf(summary, sizeof summary,
                  "%zu records, %zu people; %zu candidate pairs in %zu blocks (%zu too large, skipped), %zu linked, "
                  "%zu joins refused, %zu by profiles, %zu by sole holders, %zu for review; read %.1f s, normalise "
                  "%.1f s, resolve %.1f s\n",
                  s.records, s.clusters, s.candidate_pairs, s.blocks, s.skipped_blocks, s.linked_pairs, s.refused_joins,
                  s.profile_joins, s.sole_holder_joins, resolution.review.size(), read_s, normalize_s, resolve_s);
    return std::string(summary);
}

core::Result<std::string> CustomersGenerate(const CustomersGenerateOptions& options) {
    if (options.count == 0 || options.count > 50'000'000) {
        return core::Error::Invalid("bad_count", "--count must be from 1 to 50000000");
    }
    customers::GenerateOptions g;
    g.count = options.count;
    g.seed = options.seed;
    g.today = TodayInKorea();
    auto generated = customers::GenerateRecords(g);
    std::vector<customers::Assignment> truth;
    truth.reserve(generated.records.size());
    for (std::size_t i = 0; i < generated.records.size(); ++i) {
        truth.push_back({generated.records[i].record_id, generated.person_of[i]});
    }
    JANGTEO_TRY_STATUS(WriteWholeFile(options.output, customers::WritePersonRecords(generated.records)));
    JANGTEO_TRY_STATUS(WriteWholeFile(options.truth, customers::WriteAssignments(truth)));
    return std::to_string(generated.records.size()) + " records written to " + options.output + ", their people to " +
           options.truth + "\n";
}

core::Result<std::string> CustomersEvaluate(const CustomersEvaluateOptions& options) {
    JANGTEO_TRY(std::string truth_text, ReadWholeFile(options.truth, "the truth file"));
    JANGTEO_TRY(std::string clusters_text, ReadWholeFile(options.clusters, "the clusters file"));
    JANGTEO_TRY(auto truth, customers::ReadAssignments(truth_text, "the truth file"));
    JANGTEO_TRY(auto clusters, customers::ReadAssignments(clusters_text, "the clusters file"));
    JANGTEO_TRY(auto q, customers::EvaluatePairs(truth, clusters));
    char out[256];
    std::snprintf(out, sizeof out,
                  "precision %.4f\nrecall %.4f\nf1 %.4f\npairs: %llu true, %llu predicted, %llu correct\n", q.precision,
                  q.recall, q.f1, static_cast<unsigned long long>(q.true_pairs),
                  static_cast<unsigned long long>(q.predicted_pairs), static_cast<unsigned long long>(q.correct_pairs));
    return std::string(out);
}

}  // namespace jangteo::app
