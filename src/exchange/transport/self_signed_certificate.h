#pragma once

#include <chrono>  // std::chrono::seconds
#include <string>  // std::string
#include <vector>  // std::vector

namespace liqmap::exchange::detail {

/// A self-signed certificate and its private key, both PEM.
struct SelfSignedCertificate {
    std::string certificatePem;
    std::string privateKeyPem;
};

/// Generates a fresh P-256 key and a self-signed X.509 v3 certificate (CA:TRUE, so a client can
/// trust it directly as its own anchor) valid from an hour ago — clocks of client and server may
/// differ a little — for `validFor`, with the given subjectAltNames in OpenSSL's notation
/// ("IP:127.0.0.1", "DNS:localhost"). Takes a few milliseconds, so every server start uses new
/// keys and nothing secret or expiring is ever stored. Throws std::runtime_error naming the
/// step when OpenSSL fails.
SelfSignedCertificate makeSelfSignedCertificate(
    const std::vector<std::string>& subjectAltNames = {"IP:127.0.0.1", "DNS:localhost"},
    std::chrono::seconds validFor = std::chrono::hours(24 * 30));

}  // namespace liqmap::exchange::detail
