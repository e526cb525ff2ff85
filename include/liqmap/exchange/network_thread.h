#pragma once

#include <memory>  // std::unique_ptr

namespace liqmap::exchange {

namespace detail {
struct NetworkThreadImpl;
}

/// The one I/O thread all feeds of the application share (ARCHITECTURE.md "Data flow and
/// threads"): an io_context run by one std::thread, hidden from callers so no Asio header leaks
/// out of the exchange layer. Sessions and REST clients are created on it and use a strand each.
class NetworkThread {
public:
    /// Starts the thread. Work keeps it alive until the destructor.
    NetworkThread();
    /// Stops the io_context and joins. Sessions must be stopped (destroyed) before.
    ~NetworkThread();
    NetworkThread(const NetworkThread&) = delete;
    NetworkThread& operator=(const NetworkThread&) = delete;

    /// For the exchange layer's own sources only (the io_context behind it).
    detail::NetworkThreadImpl& impl() { return *m_impl; }

private:
    std::unique_ptr<detail::NetworkThreadImpl> m_impl;
};

}  // namespace liqmap::exchange
