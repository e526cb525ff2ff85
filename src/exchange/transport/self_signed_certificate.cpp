#include "transport/self_signed_certificate.h"

#include <openssl/bio.h>     // BIO_new, BIO_s_mem
#include <openssl/bn.h>      // BN_rand
#include <openssl/ec.h>      // EVP_EC_gen
#include <openssl/err.h>     // ERR_get_error, ERR_error_string_n
#include <openssl/evp.h>     // EVP_PKEY, EVP_sha256
#include <openssl/pem.h>     // PEM_write_bio_X509, PEM_write_bio_PrivateKey
#include <openssl/x509.h>    // X509_new, X509_sign
#include <openssl/x509v3.h>  // X509V3_EXT_conf_nid

#include <array>      // std::array
#include <memory>     // std::unique_ptr
#include <stdexcept>  // std::runtime_error

namespace liqmap::exchange::detail {

namespace {

template <auto Free>
struct Deleter {
    template <class T>
    void operator()(T* p) const {
        Free(p);
    }
};
using KeyPtr = std::unique_ptr<EVP_PKEY, Deleter<EVP_PKEY_free>>;
using CertPtr = std::unique_ptr<X509, Deleter<X509_free>>;
using BioPtr = std::unique_ptr<BIO, Deleter<BIO_free_all>>;
using BigNumPtr = std::unique_ptr<BIGNUM, Deleter<BN_free>>;
using ExtensionPtr = std::unique_ptr<X509_EXTENSION, Deleter<X509_EXTENSION_free>>;

[[noreturn]] void fail(const char* what) {
    std::array<char, 256> reason{};
    ERR_error_string_n(ERR_get_error(), reason.data(), reason.size());
    std::string message = "self-signed certificate: ";
    message += what;
    message += ": ";
    message += reason.data();
    throw std::runtime_error(message);
}

void check(bool ok, const char* what) {
    if (!ok) {
        fail(what);
    }
}

void addExtension(X509* cert, int nid, const std::string& value) {
    X509V3_CTX context;
    X509V3_set_ctx_nodb(&context);
    X509V3_set_ctx(&context, cert, cert, nullptr, nullptr, 0);
    const ExtensionPtr extension(X509V3_EXT_conf_nid(nullptr, &context, nid, value.c_str()));
    check(extension != nullptr, "extension");
    check(X509_add_ext(cert, extension.get(), -1) == 1, "add extension");
}

std::string drain(BIO* bio) {
    char* data = nullptr;
    const long size = BIO_get_mem_data(bio, &data);
    return {data, static_cast<std::size_t>(size)};
}

}  // namespace

SelfSignedCertificate makeSelfSignedCertificate(const std::vector<std::string>& subjectAltNames,
                                                std::chrono::seconds validFor) {
    const KeyPtr key(EVP_EC_gen("P-256"));
    check(key != nullptr, "P-256 key");

    const CertPtr cert(X509_new());
    check(cert != nullptr, "X509_new");
    check(X509_set_version(cert.get(), X509_VERSION_3) == 1, "version");
    // A random serial: a client that cached one certificate must not confuse it with the next.
    const BigNumPtr serial(BN_new());
    check(serial && BN_rand(serial.get(), 63, BN_RAND_TOP_ANY, BN_RAND_BOTTOM_ANY) == 1, "serial");
    check(BN_to_ASN1_INTEGER(serial.get(), X509_get_serialNumber(cert.get())) != nullptr, "serial");
    check(X509_gmtime_adj(X509_getm_notBefore(cert.get()), -3600) != nullptr, "notBefore");
    check(X509_gmtime_adj(X509_getm_notAfter(cert.get()), static_cast<long>(validFor.count())) !=
              nullptr,
          "notAfter");
    check(X509_set_pubkey(cert.get(), key.get()) == 1, "public key");

    X509_NAME* name = X509_get_subject_name(cert.get());
    check(X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                                     reinterpret_cast<const unsigned char*>("liqmap loopback"), -1,
                                     -1, 0) == 1,
          "subject");
    check(X509_set_issuer_name(cert.get(), name) == 1, "issuer");

    std::string altNames;
    for (const std::string& entry : subjectAltNames) {
        if (!altNames.empty()) {
            altNames += ',';
        }
        altNames += entry;
    }
    if (!altNames.empty()) {
        addExtension(cert.get(), NID_subject_alt_name, altNames);
    }
    addExtension(cert.get(), NID_basic_constraints, "critical,CA:TRUE");
    addExtension(cert.get(), NID_subject_key_identifier, "hash");
    check(X509_sign(cert.get(), key.get(), EVP_sha256()) > 0, "sign");

    SelfSignedCertificate result;
    const BioPtr certBio(BIO_new(BIO_s_mem()));
    check(certBio && PEM_write_bio_X509(certBio.get(), cert.get()) == 1, "PEM certificate");
    result.certificatePem = drain(certBio.get());
    const BioPtr keyBio(BIO_new(BIO_s_mem()));
    check(keyBio && PEM_write_bio_PrivateKey(keyBio.get(), key.get(), nullptr, nullptr, 0, nullptr,
                                             nullptr) == 1,
          "PEM key");
    result.privateKeyPem = drain(keyBio.get());
    return result;
}

}  // namespace liqmap::exchange::detail
