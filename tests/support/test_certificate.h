#pragma once

#include <string>  // std::string
#include <vector>  // std::vector

namespace liqmap::test {

/// A self-signed certificate and its private key, both PEM.
struct TestCertificate {
    std::string certificatePem;
    std::string privateKeyPem;
};

/// Generates a fresh P-256 key and a self-signed X.509 certificate valid from an hour ago to a
/// day ahead, with the given subjectAltNames in OpenSSL's notation ("IP:127.0.0.1",
/// "DNS:localhost"). Takes a few milliseconds, so every test run uses new keys and nothing
/// secret or expiring is checked in. Throws std::runtime_error if OpenSSL fails.
TestCertificate makeTestCertificate(const std::vector<std::string>& subjectAltNames = {
                                        "IP:127.0.0.1", "DNS:localhost"});

}  // namespace liqmap::test
