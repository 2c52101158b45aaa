// Captures what a subcommand's run writes to std::cout and std::cerr (the
// Define* handlers write there, not to streams a test passes in).
//
//   CoutCapture capture;
//   const int code = subcommand.run(global);
//   EXPECT_THAT(capture.out(), HasSubstr("..."));

#ifndef TRUSTFIT_TESTS_CLIENT_COUT_CAPTURE_H_
#define TRUSTFIT_TESTS_CLIENT_COUT_CAPTURE_H_

#include <iostream>
#include <sstream>
#include <string>

namespace trustfit::client::testing {

class CoutCapture {
 public:
  CoutCapture()
      : out_buf_(std::cout.rdbuf(out_.rdbuf())),
        err_buf_(std::cerr.rdbuf(err_.rdbuf())) {}
  ~CoutCapture() {
    std::cout.rdbuf(out_buf_);
    std::cerr.rdbuf(err_buf_);
  }
  CoutCapture(const CoutCapture&) = delete;
  CoutCapture& operator=(const CoutCapture&) = delete;

  std::string out() const { return out_.str(); }
  std::string err() const { return err_.str(); }

 private:
  std::ostringstream out_;
  std::ostringstream err_;
  std::streambuf* out_buf_;
  std::streambuf* err_buf_;
};

}  // namespace trustfit::client::testing

#endif  // TRUSTFIT_TESTS_CLIENT_COUT_CAPTURE_H_
