#include "liqmap/exchange/live_feed.h"

#include <algorithm>  // std::max
#include <atomic>     // std::atomic
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>   // std::chrono::system_clock
#include <deque>    // std::deque
#include <future>   // std::promise
#include <mutex>    // std::mutex
#include <utility>  // std::move

#include "liqmap/exchange/adapter.h"
#include "liqmap/exchange/rest_client.h"
#include "network_thread_impl.h"

namespace liqmap::exchange {

std::uint64_t FeedStatus::messages() const {
    std::uint64_t total = 0;
    for (const ConnectionStatus& connection : connections) {
        total += connection.messages;
    }
    return total;
}

core::TimestampMs FeedStatus::lastMessageMs() const {
    core::TimestampMs newest = 0;
    for (const ConnectionStatus& connection : connections) {
        newest = std::max(newest, connection.lastMessageMs);
    }
    return newest;
}

std::string_view toString(FeedPhase phase) {
    switch (phase) {
        case FeedPhase::Idle:
            return "idle";
        case FeedPhase::LoadingHistory:
            return "loading history";
        case FeedPhase::Live:
            return "live";
        case FeedPhase::Stopped:
            return "stopped";
    }
    return "unknown";
}

namespace {

core::TimestampMs wallClockMs() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

}  // namespace

// Everything below runs on the network thread, except status() and the constructor/stop.
struct LiveFeed::Impl : std::enable_shared_from_this<LiveFeed::Impl> {
    Impl(NetworkThread& networkThread, FeedOptions feedOptions, Callbacks feedCallbacks,
         RecordingWriter* recorder)
        : network(networkThread),
          options(std::move(feedOptions)),
          callbacks(std::move(feedCallbacks)),
          adapter(makeAdapter(options.venue)),
          pipeline(*adapter, options.symbol, callbacks.onEvents, recorder),
          pollTimer(networkThread.impl().m_io),
          spacingTimer(networkThread.impl().m_io) {
        if (!options.clock) {
            options.clock = wallClockMs;
        }
        published.venue = options.venue;
        published.symbol = options.symbol;
        published.hasLiquidationFeed = options.venue != Venue::Hyperliquid;
    }

    void start() {
        RestOptions restOptions;
        restOptions.baseUrl = options.endpoints.restBaseUrl;
        restOptions.tls = options.tls;
        rest = std::make_unique<RestClient>(network, restOptions);
        boost::asio::post(network.impl().m_io, [self = shared_from_this()] { self->begin(); });
    }

    void begin() {
        if (stopping) {
            return;
        }
        const core::TimestampMs now = options.clock();
        for (RestRequest& request : adapter->instrumentRequests(options.symbol)) {
            pending.push_back(std::move(request));
        }
        if (options.lookback.count() > 0) {
            for (RestRequest& request :
                 adapter->historyRequests(options.symbol, now - options.lookback.count(), now)) {
                pending.push_back(std::move(request));
            }
        }
        setPhase(FeedPhase::LoadingHistory);
        nextRequest();
    }

    void nextRequest() {
        if (stopping) {
            return;
        }
        if (pending.empty()) {
            goLive();
            return;
        }
        // Paced by the venue's request spacing, measured from the previous request's start.
        const auto now = std::chrono::steady_clock::now();
        const auto due = lastRequestAt + adapter->requestSpacing();
        if (now < due) {
            spacingTimer.expires_at(due);
            spacingTimer.async_wait([self = shared_from_this()](boost::system::error_code ec) {
                if (!ec) {
                    self->sendNext();
                }
            });
            return;
        }
        sendNext();
    }

    void sendNext() {
        if (stopping || pending.empty()) {
            return;
        }
        lastRequestAt = std::chrono::steady_clock::now();
        RestRequest request = std::move(pending.front());
        pending.pop_front();
        rest->request(request, [self = shared_from_this(), request](RestResponse response) {
            self->onResponse(request, std::move(response));
            self->nextRequest();
        });
    }

    // History pages are followed depth-first, so one endpoint's pages stay together.
    void onResponse(const RestRequest& request, RestResponse response) {
        if (stopping) {
            return;
        }
        RestOutcome outcome;
        if (response.status != 0) {
            outcome = pipeline.onRest(request, response.status, response.body, options.clock());
        }
        const std::lock_guard lock(statusMutex);
        ++published.requestsDone;
        if (!response.ok() || !outcome.ok) {
            ++published.requestsFailed;
            published.lastRestError =
                request.name + ": " + (response.ok() ? outcome.detail : response.error);
            return;
        }
        pending.insert(pending.begin(), outcome.followUps.begin(), outcome.followUps.end());
    }

    void goLive() {
        if (live) {
            return;
        }
        live = true;
        if (callbacks.onReady) {
            callbacks.onReady(adapter->registry().instrument(options.venue, options.symbol));
        }
        pipeline.finishBootstrap(options.clock());
        for (StreamSpec& stream : adapter->streams(options.endpoints, options.symbol)) {
            if (options.adjustStream) {
                options.adjustStream(stream);
            }
            WebSocketOptions wsOptions;
            wsOptions.stream = std::move(stream);
            wsOptions.tls = options.tls;
            wsOptions.backoff = options.backoff;
            const std::string name = wsOptions.stream.name;
            WebSocketSession::Callbacks wsCallbacks;
            wsCallbacks.onFrame = [weak = weak_from_this(), name](std::string_view frame,
                                                                  core::TimestampMs receiveMs) {
                if (const auto self = weak.lock(); self && !self->stopping) {
                    self->pipeline.onFrame(name, frame, receiveMs);
                    self->publishCounts();
                }
            };
            auto session =
                std::make_unique<WebSocketSession>(network, std::move(wsOptions), wsCallbacks);
            session->start();
            const std::lock_guard lock(statusMutex);
            sessions.push_back(std::move(session));
        }
        setPhase(FeedPhase::Live);
        schedulePoll();
    }

    void schedulePoll() {
        if (stopping || adapter->pollInterval().count() <= 0 ||
            adapter->pollRequests(options.symbol).empty()) {
            return;
        }
        pollTimer.expires_after(adapter->pollInterval());
        pollTimer.async_wait([self = shared_from_this()](boost::system::error_code ec) {
            if (ec || self->stopping) {
                return;
            }
            for (RestRequest& request : self->adapter->pollRequests(self->options.symbol)) {
                self->rest->request(request, [self, request](RestResponse response) {
                    self->onResponse(request, std::move(response));
                    self->publishCounts();
                });
            }
            self->schedulePoll();
        });
    }

    void publishCounts() {
        const std::lock_guard lock(statusMutex);
        published.counts = pipeline.counts();
        published.skipped = adapter->skipped();
    }

    void setPhase(FeedPhase phase) {
        publishCounts();
        const std::lock_guard lock(statusMutex);
        published.phase = phase;
    }

    NetworkThread& network;
    FeedOptions options;
    Callbacks callbacks;
    std::unique_ptr<Adapter> adapter;
    FeedPipeline pipeline;
    std::unique_ptr<RestClient> rest;
    std::vector<std::unique_ptr<WebSocketSession>> sessions;  // changed under statusMutex
    boost::asio::steady_timer pollTimer;
    boost::asio::steady_timer spacingTimer;
    std::chrono::steady_clock::time_point lastRequestAt;
    std::deque<RestRequest> pending;
    bool live = false;
    std::atomic<bool> stopping{false};

    mutable std::mutex statusMutex;
    FeedStatus published;
};

LiveFeed::LiveFeed(NetworkThread& network, FeedOptions options, Callbacks callbacks,
                   RecordingWriter* recorder)
    : m_impl(std::make_shared<Impl>(network, std::move(options), std::move(callbacks), recorder)) {}

LiveFeed::~LiveFeed() { stop(); }

void LiveFeed::start() { m_impl->start(); }

void LiveFeed::stop() {
    if (m_impl->stopping.exchange(true)) {
        return;
    }
    // One trip to the network thread (timers are not thread-safe) cancels the timers and takes
    // the sessions and the REST client out, so nothing of this feed starts afterwards; their
    // destructors, run here, wait for their own handlers.
    std::vector<std::unique_ptr<WebSocketSession>> sessions;
    std::unique_ptr<RestClient> rest;
    std::promise<void> taken;
    boost::asio::post(m_impl->network.impl().m_io, [impl = m_impl, &sessions, &rest, &taken] {
        impl->pollTimer.cancel();
        impl->spacingTimer.cancel();
        {
            const std::lock_guard lock(impl->statusMutex);
            sessions = std::move(impl->sessions);
            impl->sessions.clear();
        }
        rest = std::move(impl->rest);
        taken.set_value();
    });
    taken.get_future().wait();
    sessions.clear();
    rest.reset();
    const std::lock_guard lock(m_impl->statusMutex);
    m_impl->published.phase = FeedPhase::Stopped;
}

FeedStatus LiveFeed::status() const {
    // The session list changes on the network thread under the same lock; each session's own
    // status() is thread-safe and never calls back into the feed.
    const std::lock_guard lock(m_impl->statusMutex);
    FeedStatus copy = m_impl->published;
    copy.connections.clear();
    for (const auto& session : m_impl->sessions) {
        copy.connections.push_back(session->status());
    }
    return copy;
}

}  // namespace liqmap::exchange
