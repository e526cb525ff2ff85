#pragma once

#include <string>  // std::string

namespace liqmap::exchange {

/// Certificate trust for every TLS connection. Peers are always verified (chain against the
/// system CA store, plus host name, with SNI); there is deliberately no switch to turn that off.
struct TlsSettings {
    /// Extra trusted CA certificates in PEM, added to the system store. Tests put the loopback
    /// server's self-signed certificate here; real use leaves it empty.
    std::string extraCaPem;
};

}  // namespace liqmap::exchange
