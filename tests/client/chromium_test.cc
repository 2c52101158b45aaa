#include "client/chromium.h"

#include <stdlib.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <optional>
#include <string>

#include "absl/strings/match.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace trustfit::client {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

// Sets an environment variable for the test's lifetime, then restores it.
class ScopedEnv {
 public:
  ScopedEnv(const char* name, const std::string& value) : name_(name) {
    if (const char* old = std::getenv(name)) old_ = old;
    setenv(name, value.c_str(), 1);
  }
  ~ScopedEnv() {
    if (old_) {
      setenv(name_, old_->c_str(), 1);
    } else {
      unsetenv(name_);
    }
  }

 private:
  const char* name_;
  std::optional<std::string> old_;
};

// A directory of its own under the test's temporary directory.
std::string MakeDir(const std::string& name) {
  const std::string dir = ::testing::TempDir() + "/chromium_test_" + name;
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

// An executable shell script at `path`.
std::string WriteScript(const std::string& path, const std::string& body) {
  std::ofstream(path) << "#!/bin/sh\n" << body;
  chmod(path.c_str(), 0755);
  return path;
}

// Stands in for the browser: writes a PDF where --print-to-pdf= says.
constexpr char kFakePrinter[] =
    "for a in \"$@\"; do case \"$a\" in --print-to-pdf=*) "
    "printf '%%PDF-1.4 fake' > \"${a#--print-to-pdf=}\";; esac; done\n";

TEST(FindChromium, UsesTheProgramTrustfitChromiumNames) {
  const std::string dir = MakeDir("named");
  const std::string browser = WriteScript(dir + "/my-browser", "exit 0\n");
  ScopedEnv named("TRUSTFIT_CHROMIUM", browser);
  absl::StatusOr<std::string> found = FindChromium();
  ASSERT_TRUE(found.ok()) << found.status();
  EXPECT_EQ(*found, browser);
}

TEST(FindChromium, RefusesATrustfitChromiumThatCannotBeRun) {
  const std::string dir = MakeDir("not_executable");
  const std::string text = dir + "/browser.txt";
  std::ofstream(text) << "not a program";
  for (const std::string& named : {text, dir + "/missing", dir}) {
    ScopedEnv env("TRUSTFIT_CHROMIUM", named);
    absl::StatusOr<std::string> found = FindChromium();
    EXPECT_EQ(found.status().code(), absl::StatusCode::kFailedPrecondition)
        << named;
    EXPECT_EQ(found.status().message(),
              "TRUSTFIT_CHROMIUM is " + named +
                  ", which is not a program that can be run");
  }
}

TEST(FindChromium, SearchesPathForChromiumThenChromiumBrowser) {
  const std::string first = MakeDir("path_first");
  const std::string second = MakeDir("path_second");
  const std::string browser =
      WriteScript(second + "/chromium-browser", "exit 0\n");
  ScopedEnv named("TRUSTFIT_CHROMIUM", "");
  ScopedEnv path("PATH", first + "::" + second);
  absl::StatusOr<std::string> found = FindChromium();
  ASSERT_TRUE(found.ok()) << found.status();
  EXPECT_EQ(*found, browser);
  // In the same directory, `chromium` comes first.
  const std::string chromium = WriteScript(second + "/chromium", "exit 0\n");
  EXPECT_EQ(FindChromium().value_or(""), chromium);
}

TEST(FindChromium, SaysHowToGetOneWhenNoneIsInstalled) {
  ScopedEnv named("TRUSTFIT_CHROMIUM", "");
  ScopedEnv path("PATH", MakeDir("empty_path"));
  absl::StatusOr<std::string> found = FindChromium();
  EXPECT_EQ(found.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(found.status().message(),
              HasSubstr("no chromium is installed (none on PATH)"));
  EXPECT_THAT(found.status().message(), HasSubstr("--format html"));
}

TEST(PrintHtmlToPdf, FailsThePreconditionWithoutABrowser) {
  ScopedEnv named("TRUSTFIT_CHROMIUM", "");
  ScopedEnv path("PATH", MakeDir("no_browser"));
  EXPECT_EQ(PrintHtmlToPdf("<p>hi</p>").status().code(),
            absl::StatusCode::kFailedPrecondition);
}

TEST(PrintHtmlToPdf, ReturnsWhatTheBrowserPrintsAndPassesItThePage) {
  const std::string dir = MakeDir("printer");
  const std::string args = dir + "/args";
  ScopedEnv named("TRUSTFIT_CHROMIUM",
                  WriteScript(dir + "/browser",
                              "echo \"$@\" > '" + args + "'\n" + kFakePrinter));
  absl::StatusOr<std::string> pdf = PrintHtmlToPdf("<p>hi</p>");
  ASSERT_TRUE(pdf.ok()) << pdf.status();
  EXPECT_EQ(*pdf, "%PDF-1.4 fake");
  std::ifstream in(args);
  const std::string line((std::istreambuf_iterator<char>(in)),
                         std::istreambuf_iterator<char>());
  EXPECT_THAT(line, HasSubstr("--user-data-dir="));
  EXPECT_THAT(line, HasSubstr("--print-to-pdf="));
  EXPECT_THAT(line, HasSubstr("file://"));
  EXPECT_THAT(line, HasSubstr("page.html"));
}

TEST(PrintHtmlToPdf, IsInternalWithTheBrowsersLastWordsWhenItFails) {
  const std::string dir = MakeDir("failing");
  const std::string browser =
      WriteScript(dir + "/browser", "echo 'cannot open display' >&2\nexit 3\n");
  ScopedEnv named("TRUSTFIT_CHROMIUM", browser);
  absl::StatusOr<std::string> pdf = PrintHtmlToPdf("<p>hi</p>");
  EXPECT_EQ(pdf.status().code(), absl::StatusCode::kInternal);
  EXPECT_THAT(std::string(pdf.status().message()),
              StartsWith(browser + " printed no PDF (exit 3): "));
  EXPECT_THAT(pdf.status().message(), HasSubstr("cannot open display"));
}

TEST(PrintHtmlToPdf, IsInternalWhenTheBrowserWritesSomethingElse) {
  const std::string dir = MakeDir("not_pdf");
  ScopedEnv named(
      "TRUSTFIT_CHROMIUM",
      WriteScript(dir + "/browser",
                  "for a in \"$@\"; do case \"$a\" in --print-to-pdf=*) "
                  "echo html > \"${a#--print-to-pdf=}\";; esac; done\n"));
  absl::StatusOr<std::string> pdf = PrintHtmlToPdf("<p>hi</p>");
  EXPECT_EQ(pdf.status().code(), absl::StatusCode::kInternal);
  EXPECT_THAT(pdf.status().message(), HasSubstr("printed no PDF (exit 0)"));
}

TEST(PrintHtmlToPdf, StopsABrowserThatTakesTooLong) {
  const std::string dir = MakeDir("slow");
  const std::string browser = WriteScript(dir + "/browser", "sleep 30\n");
  ScopedEnv named("TRUSTFIT_CHROMIUM", browser);
  const absl::Time start = absl::Now();
  absl::StatusOr<std::string> pdf =
      PrintHtmlToPdf("<p>hi</p>", absl::Milliseconds(500));
  EXPECT_LT(absl::Now() - start, absl::Seconds(10));
  EXPECT_EQ(pdf.status().code(), absl::StatusCode::kInternal);
  EXPECT_EQ(pdf.status().message(), browser + " took longer than 500ms");
}

TEST(PrintHtmlToPdf, PrintsARealPageWhenChromiumIsInstalled) {
  ScopedEnv named("TRUSTFIT_CHROMIUM", "");
  if (!FindChromium().ok()) GTEST_SKIP() << "no chromium on PATH";
  absl::StatusOr<std::string> pdf = PrintHtmlToPdf(
      "<!doctype html><title>t</title><p>TrustFit</p>", absl::Seconds(90));
  ASSERT_TRUE(pdf.ok()) << pdf.status();
  EXPECT_TRUE(absl::StartsWith(*pdf, "%PDF-")) << pdf->substr(0, 16);
}

}  // namespace
}  // namespace trustfit::client
