#include "transport/tls_context.h"

#include <openssl/x509.h>      // X509_STORE_CTX_set_error
#include <openssl/x509_vfy.h>  // X509_V_ERR_HOSTNAME_MISMATCH

#include <boost/asio/buffer.hpp>                      // boost::asio::buffer
#include <boost/asio/ip/address.hpp>                  // boost::asio::ip::make_address
#include <boost/asio/ssl/host_name_verification.hpp>  // boost::asio::ssl::host_name_verification

#include "liqmap/core/config_error.h"

namespace liqmap::exchange::detail {

namespace ssl = boost::asio::ssl;

std::shared_ptr<ssl::context> makeClientTlsContext(const TlsSettings& settings) {
    auto context = std::make_shared<ssl::context>(ssl::context::tls_client);
    // SSLv2/3, TLS 1.0 and 1.1 are off twice over: by option and by the minimum version.
    context->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 |
                         ssl::context::no_sslv3 | ssl::context::no_tlsv1 |
                         ssl::context::no_tlsv1_1);
    if (SSL_CTX_set_min_proto_version(context->native_handle(), TLS1_2_VERSION) != 1) {
        throw core::ConfigError("tls", "cannot require TLS 1.2");
    }
    context->set_verify_mode(ssl::verify_peer);

    boost::system::error_code ec;
    context->set_default_verify_paths(ec);
    if (ec) {
        throw core::ConfigError("tls", "cannot load the system CA store: " + ec.message());
    }
    if (!settings.extraCaPem.empty()) {
        context->add_certificate_authority(boost::asio::buffer(settings.extraCaPem), ec);
        if (ec) {
            throw core::ConfigError("tls.extraCaPem", "not a PEM certificate: " + ec.message());
        }
    }
    return context;
}

bool HostVerifier::operator()(bool preverified, ssl::verify_context& context) const {
    if (!preverified) {
        return false;
    }
    if (ssl::host_name_verification(m_host)(preverified, context)) {
        return true;
    }
    boost::system::error_code notAddress;
    (void)boost::asio::ip::make_address(m_host, notAddress);
    X509_STORE_CTX_set_error(context.native_handle(), notAddress ? X509_V_ERR_HOSTNAME_MISMATCH
                                                                 : X509_V_ERR_IP_ADDRESS_MISMATCH);
    return false;
}

std::string describeTlsFailure(const boost::system::error_code& ec, SSL* ssl) {
    std::string text = ec.message();
    if (ssl != nullptr) {
        const long result = SSL_get_verify_result(ssl);
        if (result != X509_V_OK) {
            text += ": ";
            text += X509_verify_cert_error_string(result);
        }
    }
    return text;
}

}  // namespace liqmap::exchange::detail
