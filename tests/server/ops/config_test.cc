#include "server/ops/config.h"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <initializer_list>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace trustfit::server {
namespace {

using ::testing::HasSubstr;

// Every TRUSTFIT_* variable a test sets, cleared before and after it so the
// runner's environment cannot leak in.
constexpr const char* kEnv[] = {
    "TRUSTFIT_LISTEN",         "TRUSTFIT_CONFIG",
    "TRUSTFIT_STORE",          "TRUSTFIT_STORE_FILE",
    "TRUSTFIT_POLICY_POLL",    "TRUSTFIT_LOG_FORMAT",
    "TRUSTFIT_LOG_LEVEL",      "TRUSTFIT_METRICS_LISTEN",
    "TRUSTFIT_STREAM_WORKERS", "TRUSTFIT_DRAIN_DELAY",
};

class ConfigTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (const char* name : kEnv) unsetenv(name);
    const char* tmp = std::getenv("TEST_TMPDIR");
    dir_ =
        absl::StrCat(tmp != nullptr ? tmp : "/tmp", "/config_test_", getpid());
    config_ = dir_ + ".toml";
    store_file_ = dir_ + ".store";
  }
  void TearDown() override {
    for (const char* name : kEnv) unsetenv(name);
    std::remove(config_.c_str());
    std::remove(store_file_.c_str());
  }

  static ParseOutcome Parse(std::initializer_list<std::string> flags) {
    std::vector<std::string> args = {"trustfit-server"};
    args.insert(args.end(), flags.begin(), flags.end());
    std::vector<const char*> argv;
    for (const auto& a : args) argv.push_back(a.c_str());
    return ParseServerCommandLine(static_cast<int>(argv.size()), argv.data());
  }

  static void Write(const std::string& path, const std::string& text) {
    std::ofstream(path) << text;
  }

  std::string dir_, config_, store_file_;
};

TEST_F(ConfigTest, NoOptionsRunWithTheDefaults) {
  const ParseOutcome outcome = Parse({});
  ASSERT_TRUE(outcome.run) << outcome.output;
  const ServerConfig defaults;
  EXPECT_EQ(outcome.config.listen, defaults.listen);
  EXPECT_EQ(outcome.config.metrics_listen, "127.0.0.1:9090");
  EXPECT_EQ(outcome.config.store, "sqlite://trustfit.db");
  EXPECT_EQ(outcome.config.policy_poll, absl::Seconds(2));
  EXPECT_EQ(outcome.config.log_format, LogFormat::kText);
  EXPECT_EQ(outcome.config.log_level, spdlog::level::info);
  EXPECT_EQ(outcome.config.access.tls_client_auth, "require");
}

TEST_F(ConfigTest, FlagsSetTheirOptions) {
  const ParseOutcome outcome =
      Parse({"--listen=127.0.0.1:0", "--policy-poll=500ms", "--log-format=json",
             "--log-level=debug", "--stream-workers=3", "--drain-delay=1m"});
  ASSERT_TRUE(outcome.run) << outcome.output;
  EXPECT_EQ(outcome.config.listen, "127.0.0.1:0");
  EXPECT_EQ(outcome.config.policy_poll, absl::Milliseconds(500));
  EXPECT_EQ(outcome.config.log_format, LogFormat::kJson);
  EXPECT_EQ(outcome.config.log_level, spdlog::level::debug);
  EXPECT_EQ(outcome.config.stream_workers, 3);
  EXPECT_EQ(outcome.config.drain_delay, absl::Minutes(1));
}

TEST_F(ConfigTest, OffAndNoneTurnTheMetricsEndpointAndTheStoreOff) {
  const ParseOutcome outcome = Parse({"--metrics-listen=off", "--store=none"});
  ASSERT_TRUE(outcome.run) << outcome.output;
  EXPECT_EQ(outcome.config.metrics_listen, "");
  EXPECT_EQ(outcome.config.store, "");
}

TEST_F(ConfigTest, TheEnvironmentSetsAnOptionNoFlagGives) {
  setenv("TRUSTFIT_LISTEN", "127.0.0.1:7000", 1);
  const ParseOutcome outcome = Parse({});
  ASSERT_TRUE(outcome.run) << outcome.output;
  EXPECT_EQ(outcome.config.listen, "127.0.0.1:7000");
}

TEST_F(ConfigTest, AFlagBeatsTheEnvironment) {
  setenv("TRUSTFIT_LISTEN", "127.0.0.1:7000", 1);
  const ParseOutcome outcome = Parse({"--listen=127.0.0.1:8000"});
  ASSERT_TRUE(outcome.run) << outcome.output;
  EXPECT_EQ(outcome.config.listen, "127.0.0.1:8000");
}

TEST_F(ConfigTest, TheConfigFileSetsOptionsByTheirLongNames) {
  Write(config_, "listen = \"127.0.0.1:6000\"\nlog-level = \"warn\"\n");
  const ParseOutcome outcome = Parse({"--config", config_});
  ASSERT_TRUE(outcome.run) << outcome.output;
  EXPECT_EQ(outcome.config.listen, "127.0.0.1:6000");
  EXPECT_EQ(outcome.config.log_level, spdlog::level::warn);
}

// config.h and --help promise "a flag beats the environment, which beats
// the file" (CLI11 alone would let the file win over the environment).
TEST_F(ConfigTest, TheEnvironmentBeatsTheConfigFileAndAFlagBeatsBoth) {
  Write(config_, "listen = \"127.0.0.1:6000\"\nlog-level = \"warn\"\n");
  setenv("TRUSTFIT_LISTEN", "127.0.0.1:7000", 1);
  setenv("TRUSTFIT_LOG_LEVEL", "error", 1);
  const ParseOutcome outcome =
      Parse({"--config", config_, "--log-level=trace"});
  ASSERT_TRUE(outcome.run) << outcome.output;
  EXPECT_EQ(outcome.config.listen, "127.0.0.1:7000");
  EXPECT_EQ(outcome.config.log_level, spdlog::level::trace);
}

// --help lists --config with Env:TRUSTFIT_CONFIG (which CLI11 alone would
// read too late to find the file).
TEST_F(ConfigTest, TheConfigFileCanBeNamedByTheEnvironment) {
  Write(config_, "listen = \"127.0.0.1:6000\"\n");
  setenv("TRUSTFIT_CONFIG", config_.c_str(), 1);
  const ParseOutcome outcome = Parse({});
  ASSERT_TRUE(outcome.run) << outcome.output;
  EXPECT_EQ(outcome.config.listen, "127.0.0.1:6000");
}

TEST_F(ConfigTest, AFlagBeatsTheConfigFile) {
  Write(config_, "listen = \"127.0.0.1:6000\"\nlog-level = \"warn\"\n");
  const ParseOutcome outcome =
      Parse({"--config", config_, "--log-level=trace"});
  ASSERT_TRUE(outcome.run) << outcome.output;
  EXPECT_EQ(outcome.config.listen, "127.0.0.1:6000");
  EXPECT_EQ(outcome.config.log_level, spdlog::level::trace);
}

TEST_F(ConfigTest, AnUnknownKeyInTheConfigFileIsNamedWithTheFile) {
  Write(config_, "lissen = \"127.0.0.1:6000\"\n");
  const ParseOutcome outcome = Parse({"--config", config_});
  EXPECT_FALSE(outcome.run);
  EXPECT_NE(outcome.exit_code, 0);
  EXPECT_THAT(outcome.output, HasSubstr("unknown option \"lissen\""));
  EXPECT_THAT(outcome.output, HasSubstr(config_));
}

TEST_F(ConfigTest, ABadDurationNamesTheOptionAndTheValue) {
  const ParseOutcome outcome = Parse({"--policy-poll=soon"});
  EXPECT_FALSE(outcome.run);
  EXPECT_NE(outcome.exit_code, 0);
  EXPECT_THAT(outcome.output, HasSubstr("--policy-poll"));
  EXPECT_THAT(outcome.output, HasSubstr("not a duration: \"soon\""));
}

TEST_F(ConfigTest, ANegativeDurationIsRefused) {
  const ParseOutcome outcome = Parse({"--drain-delay=-1s"});
  EXPECT_FALSE(outcome.run);
  EXPECT_THAT(outcome.output, HasSubstr("--drain-delay"));
}

TEST_F(ConfigTest, ABadDurationFromTheEnvironmentIsRefusedToo) {
  setenv("TRUSTFIT_POLICY_POLL", "often", 1);
  const ParseOutcome outcome = Parse({});
  EXPECT_FALSE(outcome.run);
  EXPECT_THAT(outcome.output, HasSubstr("not a duration: \"often\""));
}

TEST_F(ConfigTest, AValueOutsideItsChoicesNamesTheOption) {
  const ParseOutcome outcome = Parse({"--log-format=xml"});
  EXPECT_FALSE(outcome.run);
  EXPECT_NE(outcome.exit_code, 0);
  EXPECT_THAT(outcome.output, HasSubstr("--log-format"));
}

TEST_F(ConfigTest, ANumberOutOfRangeNamesTheOption) {
  const ParseOutcome outcome = Parse({"--stream-workers=1000"});
  EXPECT_FALSE(outcome.run);
  EXPECT_THAT(outcome.output, HasSubstr("--stream-workers"));
}

TEST_F(ConfigTest, AnUnknownFlagIsAUsageError) {
  const ParseOutcome outcome = Parse({"--no-such-flag"});
  EXPECT_FALSE(outcome.run);
  EXPECT_NE(outcome.exit_code, 0);
  EXPECT_THAT(outcome.output, HasSubstr("--no-such-flag"));
}

TEST_F(ConfigTest, HelpExitsCleanlyWithTheUsage) {
  const ParseOutcome outcome = Parse({"--help"});
  EXPECT_FALSE(outcome.run);
  EXPECT_EQ(outcome.exit_code, 0);
  EXPECT_THAT(outcome.output,
              HasSubstr("Every option can also be set by an environment"));
  EXPECT_THAT(outcome.output, HasSubstr("--store-file"));
}

TEST_F(ConfigTest, TheStoreFileGivesTheStoreWithoutItsWhiteSpace) {
  Write(store_file_, "  postgresql://u:secret@db/trustfit\n");
  const ParseOutcome outcome = Parse({"--store-file", store_file_});
  ASSERT_TRUE(outcome.run) << outcome.output;
  EXPECT_EQ(outcome.config.store, "postgresql://u:secret@db/trustfit");
}

TEST_F(ConfigTest, AStoreFileSayingNoneKeepsNoStore) {
  Write(store_file_, "none\n");
  const ParseOutcome outcome = Parse({"--store-file", store_file_});
  ASSERT_TRUE(outcome.run) << outcome.output;
  EXPECT_EQ(outcome.config.store, "");
}

TEST_F(ConfigTest, StoreAndStoreFileTogetherAreRefused) {
  Write(store_file_, "sqlite://a.db\n");
  const ParseOutcome outcome =
      Parse({"--store=sqlite://b.db", "--store-file", store_file_});
  EXPECT_FALSE(outcome.run);
  EXPECT_EQ(outcome.exit_code, 2);
  EXPECT_THAT(outcome.output, HasSubstr("not both"));
}

TEST_F(ConfigTest, AnUnreadableStoreFileIsNamed) {
  const ParseOutcome outcome = Parse({"--store-file", store_file_});
  EXPECT_FALSE(outcome.run);
  EXPECT_EQ(outcome.exit_code, 2);
  EXPECT_THAT(outcome.output, HasSubstr("--store-file: cannot read"));
  EXPECT_THAT(outcome.output, HasSubstr(store_file_));
}

TEST_F(ConfigTest, AnEmptyStoreFileIsRefused) {
  Write(store_file_, " \n");
  const ParseOutcome outcome = Parse({"--store-file", store_file_});
  EXPECT_FALSE(outcome.run);
  EXPECT_EQ(outcome.exit_code, 2);
  EXPECT_THAT(outcome.output, HasSubstr("is empty"));
}

}  // namespace
}  // namespace trustfit::server
