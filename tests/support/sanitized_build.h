#pragma once

// Whether this test binary is built with a sanitizer (the asan and tsan presets: clang 14,
// unoptimised, see CMakeLists.txt). Such a build runs the same tests 5 to 30 times slower, so the
// few tests whose work is a large loop or whose waits are sized for a release build scale down or
// wait longer there; the release suite keeps their full size.

namespace liqmap::test {

#if defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
#define LIQMAP_TEST_SANITIZED 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define LIQMAP_TEST_SANITIZED 1
#endif

#ifdef LIQMAP_TEST_SANITIZED
inline constexpr bool kSanitizedBuild = true;
#else
inline constexpr bool kSanitizedBuild = false;
#endif

}  // namespace liqmap::test
