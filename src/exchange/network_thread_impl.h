#pragma once

#include <boost/asio/executor_work_guard.hpp>  // boost::asio::executor_work_guard
#include <boost/asio/io_context.hpp>           // boost::asio::io_context
#include <thread>                              // std::thread, std::this_thread

namespace liqmap::exchange::detail {

/// What NetworkThread hides: one io_context, the work guard that keeps it running while idle,
/// and the thread that runs it. Only the transport sources include this header.
struct NetworkThreadImpl {
    NetworkThreadImpl();
    ~NetworkThreadImpl();
    NetworkThreadImpl(const NetworkThreadImpl&) = delete;
    NetworkThreadImpl& operator=(const NetworkThreadImpl&) = delete;

    /// True when called from the network thread itself (where blocking waits would deadlock).
    bool onNetworkThread() const { return std::this_thread::get_id() == m_thread.get_id(); }

    /// Hint 1: only this thread ever runs the context, so Asio can skip some locking.
    boost::asio::io_context m_io{1};
    boost::asio::executor_work_guard<boost::asio::io_context::executor_type> m_work;
    std::thread m_thread;
};

}  // namespace liqmap::exchange::detail
