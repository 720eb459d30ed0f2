// `jangteo customers generate | resolve | evaluate` as a person runs them: a generated set is
// resolved and evaluated with the precision and F1 the generator's data must reach; bad input files
// (another header, broken quoting, a 10 MB field) end with a message naming the line, a non-zero exit
// code and no output file.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "support/server_process.hpp"
#include "support/test_env.hpp"

namespace jangteo::testing {
namespace {

std::string Slurp(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

void Write(const std::filesystem::path& path, const std::string& text) {
    std::ofstream out(path, std::ios::binary);
    out << text;
}

double Figure(const std::string& output, const std::string& name) {
    auto at = output.find(name + " ");
    if (at == std::string::npos) return -1;
    return std::stod(output.substr(at + name.size() + 1));
}

TEST(CustomersCli, GenerateResolveEvaluate) {
    TempDir dir;
    auto records = (dir.path() / "records.csv").string(), truth = (dir.path() / "truth.csv").string();
    auto clusters = (dir.path() / "clusters.csv").string(), review = (dir.path() / "review.csv").string();
    auto model = (dir.path() / "model.json").string();
    std::string out;
    ASSERT_EQ(
        RunJangteo({"customers", "generate", "--count", "8000", "--seed", "42", "--output", records, "--truth", truth},
                   &out),
        0)
        << out;
    EXPECT_TRUE(Slurp(records).starts_with("record_id,source,name,phone,email,birth_date,postal_code,address,card_no"));
    ASSERT_EQ(RunJangteo({"customers", "resolve", "--input", records, "--output", clusters, "--review", review,
                          "--model-out", model},
                         &out),
              0)
        << out;
    EXPECT_NE(out.find("8000 records"), std::string::npos) << out;
    std::string written = Slurp(clusters);
    EXPECT_TRUE(written.starts_with("record_id,person_id\r\n"));
    EXPECT_EQ(std::count(written.begin(), written.end(), '\n'), 8001) << "one line per record";
    EXPECT_TRUE(Slurp(review).starts_with("record_id_a,record_id_b,weight,rule,family,given"));
    ASSERT_EQ(RunJangteo({"customers", "evaluate", "--truth", truth, "--clusters", clusters}, &out), 0) << out;
    EXPECT_GE(Figure(out, "precision"), 0.99) << out;
    EXPECT_GE(Figure(out, "f1"), 0.9) << out;

    // The saved model resolves the same file the same way.
    auto again = (dir.path() / "again.csv").string();
    ASSERT_EQ(RunJangteo({"customers", "resolve", "--input", records, "--output", again, "--model", model}, &out), 0)
        << out;
    EXPECT_EQ(Slurp(again), written);
}

TEST(CustomersCli, BadFilesAreRefusedAndLeaveNoOutput) {
    TempDir dir;
    const std::string header = "record_id,source,name,phone,email,birth_date,postal_code,address,card_no\n";
    struct Case {
        std::string name;
        std::string text;
        std::string says;
    };
    const Case cases[] = {
        {"header", "id,name\n1,x\n", "line 1"},
        {"quoting", header + "r1,web,김민준,,,,,,\nr2,web,\"이서연,,,,,,\n", "line 3"},
        {"huge", header + "r1,web," + std::string(10 << 20, 'x') + ",,,,,,\n", "line 2"},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.name);
        auto input = (dir.path() / (c.name + ".csv")).string(), output = (dir.path() / (c.name + ".out")).string();
        Write(input, c.text);
        std::string out;
        EXPECT_EQ(RunJangteo({"customers", "resolve", "--input", input, "--output", output}, &out), 1) << out;
        EXPECT_NE(out.find(c.says), std::string::npos) << out;
        EXPECT_FALSE(std::filesystem::exists(output));
    }
    std::string out;
    EXPECT_NE(RunJangteo({"customers", "resolve", "--input", (dir.path() / "none.csv").string(), "--output",
                          (dir.path() / "o.csv").string()},
                         &out),
              0);
    EXPECT_EQ(RunJangteo({"customers", "resolve", "--help"}, &out), 0);
    EXPECT_NE(out.find("--input"), std::string::npos) << out;
    EXPECT_EQ(RunJangteo({"customers", "evaluate", "--help"}, &out), 0);
    EXPECT_EQ(RunJangteo({"customers", "generate", "--help"}, &out), 0);
}

}  // namespace
}  // namespace jangteo::testing
