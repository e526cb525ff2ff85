#include "liqmap/exchange/network_thread.h"

#include "network_thread_impl.h"

namespace liqmap::exchange {

namespace detail {

NetworkThreadImpl::NetworkThreadImpl()
    : m_work(boost::asio::make_work_guard(m_io)), m_thread([this] {
          // Handlers never throw (errors are values on this thread); a throw that escapes one
          // anyway is a bug, and terminating here names it instead of silently losing the thread.
          m_io.run();
      }) {}

NetworkThreadImpl::~NetworkThreadImpl() {
    // Sessions have been stopped and destroyed by now, so nothing worth finishing is queued;
    // stop() ends run() even if some stray operation is still pending.
    m_work.reset();
    m_io.stop();
    if (m_thread.joinable()) {
        m_thread.join();
    }
}

}  // namespace detail

NetworkThread::NetworkThread() : m_impl(std::make_unique<detail::NetworkThreadImpl>()) {}

NetworkThread::~NetworkThread() = default;

}  // namespace liqmap::exchange
