// The trustfit CLI's exit codes: stable, for scripts.

#ifndef TRUSTFIT_CLIENT_EXIT_CODES_H_
#define TRUSTFIT_CLIENT_EXIT_CODES_H_

namespace trustfit::client {

inline constexpr int kExitOk = 0;
// The server rejected the request (invalid input, unknown cluster, a policy
// that does not validate, a candidate that cannot be quoted).
inline constexpr int kExitRejected = 1;
// The command line or a file it names cannot be used.
inline constexpr int kExitUsage = 2;
// The server cannot be reached, is not serving, or failed.
inline constexpr int kExitUnavailable = 3;
// A batch finished but some rows failed.
inline constexpr int kExitPartialBatch = 4;

}  // namespace trustfit::client

#endif  // TRUSTFIT_CLIENT_EXIT_CODES_H_
