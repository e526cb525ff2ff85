#include "support/test_certificate.h"

#include <chrono>   // std::chrono::hours
#include <utility>  // std::move

#include "transport/self_signed_certificate.h"  // exchange::detail::makeSelfSignedCertificate

namespace liqmap::test {

TestCertificate makeTestCertificate(const std::vector<std::string>& subjectAltNames) {
    // The demo exchange's generator, with the day of validity the tests were written for.
    exchange::detail::SelfSignedCertificate generated =
        exchange::detail::makeSelfSignedCertificate(subjectAltNames, std::chrono::hours(24));
    return {std::move(generated.certificatePem), std::move(generated.privateKeyPem)};
}

}  // namespace liqmap::test
