#include "liqmap/gui/main_window.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QComboBox>
#include <QDockWidget>
#include <QFileDialog>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QMetaObject>
#include <QProgressBar>
#include <QSettings>
#include <QStatusBar>
#include <QTimer>
#include <QToolBar>
#include <array>    // std::array
#include <chrono>   // std::chrono
#include <utility>  // std::move

#include "liqmap/gui/liquidation_map_widget.h"
#include "liqmap/gui/top_clusters_panel.h"

namespace liqmap::gui {

namespace {

struct ExchangeChoice {
    const char* key;
    const char* name;
};
constexpr std::array<ExchangeChoice, 6> kExchanges{{{"binance", "Binance"},
                                                    {"bybit", "Bybit"},
                                                    {"okx", "OKX"},
                                                    {"hyperliquid", "Hyperliquid"},
                                                    {"all", "All"},
                                                    {"demo", "Demo"}}};

struct LookbackChoice {
    const char* name;
    int days;
};
constexpr std::array<LookbackChoice, 3> kLookbacks{{{"1 day", 1}, {"7 days", 7}, {"30 days", 30}}};

// Until the pickers are filled from each venue's instrument list, the most traded perpetuals.
QStringList commonSymbols(const std::string& exchange) {
    if (exchange == "demo") {
        return {QStringLiteral("BTCUSDT")};
    }
    if (exchange == "okx") {
        return {QStringLiteral("BTC-USDT-SWAP"), QStringLiteral("ETH-USDT-SWAP"),
                QStringLiteral("SOL-USDT-SWAP"), QStringLiteral("XRP-USDT-SWAP"),
                QStringLiteral("DOGE-USDT-SWAP")};
    }
    if (exchange == "hyperliquid" || exchange == "all") {
        return {QStringLiteral("BTC"), QStringLiteral("ETH"), QStringLiteral("SOL"),
                QStringLiteral("XRP"), QStringLiteral("DOGE")};
    }
    return {QStringLiteral("BTCUSDT"), QStringLiteral("ETHUSDT"), QStringLiteral("SOLUSDT"),
            QStringLiteral("XRPUSDT"), QStringLiteral("DOGEUSDT")};
}

QSettings settings() { return QSettings(QStringLiteral("liqmap"), QStringLiteral("liqmap")); }

}  // namespace

std::string MainWindow::defaultSymbol(const std::string& exchange) {
    return commonSymbols(exchange).front().toStdString();
}

MainWindow::MainWindow(WindowOptions options, QWidget* parent) : QMainWindow(parent) {
    m_chart = new LiquidationMapWidget(this);
    setCentralWidget(m_chart);
    m_clusters = new TopClustersPanel(this);
    auto* dock = new QDockWidget(tr("Top clusters"), this);
    dock->setObjectName(QStringLiteral("topClusters"));
    dock->setWidget(m_clusters);
    addDockWidget(Qt::RightDockWidgetArea, dock);
    connect(m_clusters, &TopClustersPanel::clusterActivated, m_chart,
            &LiquidationMapWidget::centreOn);
    buildToolbar();
    buildMenus();
    buildStatusBar();

    std::string exchange = options.exchange;
    std::string symbol = options.symbol;
    int lookback = 2;  // 30 days
    if (options.restoreSettings) {
        const QSettings saved = settings();
        if (exchange.empty()) {
            exchange = saved.value(QStringLiteral("exchange")).toString().toStdString();
            if (symbol.empty()) {
                symbol = saved.value(QStringLiteral("symbol")).toString().toStdString();
            }
        }
        lookback = saved.value(QStringLiteral("lookback"), lookback).toInt();
        restoreGeometry(saved.value(QStringLiteral("geometry")).toByteArray());
    }
    if (exchange.empty()) {
        exchange = "demo";
    }
    if (lookback < 0 || lookback >= static_cast<int>(kLookbacks.size())) {
        lookback = 2;
    }
    m_lookbackBox->setCurrentIndex(lookback);
    select(exchange, symbol.empty() ? defaultSymbol(exchange) : symbol);
}

MainWindow::~MainWindow() {
    retireEngine();
    for (std::thread& thread : m_retiring) {
        thread.join();
    }
}

void MainWindow::buildToolbar() {
    QToolBar* toolbar = addToolBar(tr("Market"));
    toolbar->setObjectName(QStringLiteral("market"));
    toolbar->setMovable(false);
    toolbar->addWidget(new QLabel(tr(" Exchange "), toolbar));
    m_exchangeBox = new QComboBox(toolbar);
    for (const ExchangeChoice& choice : kExchanges) {
        m_exchangeBox->addItem(QString::fromLatin1(choice.name), QString::fromLatin1(choice.key));
    }
    toolbar->addWidget(m_exchangeBox);
    toolbar->addWidget(new QLabel(tr("  Symbol "), toolbar));
    m_symbolBox = new QComboBox(toolbar);
    m_symbolBox->setEditable(true);  // type to search or to enter any symbol
    m_symbolBox->setInsertPolicy(QComboBox::NoInsert);
    m_symbolBox->setMinimumContentsLength(14);
    toolbar->addWidget(m_symbolBox);
    toolbar->addWidget(new QLabel(tr("  Lookback "), toolbar));
    m_lookbackBox = new QComboBox(toolbar);
    for (const LookbackChoice& choice : kLookbacks) {
        m_lookbackBox->addItem(tr(choice.name), choice.days);
    }
    toolbar->addWidget(m_lookbackBox);

    connect(m_exchangeBox, &QComboBox::activated, this, [this](int index) {
        const std::string exchange = m_exchangeBox->itemData(index).toString().toStdString();
        if (exchange != m_exchange) {
            select(exchange, defaultSymbol(exchange));
        }
    });
    connect(m_symbolBox, &QComboBox::textActivated, this, [this](const QString& text) {
        const std::string symbol = text.trimmed().toUpper().toStdString();
        if (!symbol.empty() && symbol != m_symbol) {
            select(m_exchange, symbol);
        }
    });
    connect(m_lookbackBox, &QComboBox::activated, this, [this](int) {
        if (!m_switching) {
            select(m_exchange, m_symbol);
        }
    });
}

void MainWindow::buildMenus() {
    QMenu* file = menuBar()->addMenu(tr("&File"));
    QAction* exportPngAction = file->addAction(tr("Export &PNG…"), this, &MainWindow::exportPng);
    exportPngAction->setShortcut(QKeySequence(tr("Ctrl+E")));
    file->addSeparator();
    QAction* quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);

    QMenu* view = menuBar()->addMenu(tr("&View"));
    QAction* reset = view->addAction(tr("&Reset zoom"), m_chart, &LiquidationMapWidget::resetZoom);
    reset->setShortcut(QKeySequence(tr("Ctrl+0")));

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About liqmap"), this, [this] {
        QMessageBox::about(
            this, tr("About liqmap"),
            tr("<b>liqmap %1</b><p>A liquidation map: where leveraged positions on a perpetual "
               "market would be force-closed if the price moved there.</p><p>The map is an "
               "<b>estimate</b>, not a prediction. Open interest growth is split into long and "
               "short positions over an assumed leverage mix, entered at the prices of the "
               "moment; each gets its liquidation price by the exchange's formula, and price "
               "moves, closes, turnover and reported liquidations take them out again. How "
               "close this comes to the truth is measured on a simulated market in "
               "docs/accuracy.md.</p><p>MIT licence.</p>")
                .arg(QApplication::applicationVersion()));
    });
}

void MainWindow::buildStatusBar() {
    m_stateLabel = new QLabel(this);
    m_rateLabel = new QLabel(this);
    m_progress = new QProgressBar(this);
    m_progress->setRange(0, 0);  // busy: the history's length is not known in advance
    m_progress->setMaximumWidth(120);
    m_progress->setVisible(false);
    statusBar()->addWidget(m_stateLabel, 1);
    statusBar()->addPermanentWidget(m_progress);
    statusBar()->addPermanentWidget(m_rateLabel);
    m_statusTimer = new QTimer(this);
    m_statusTimer->setInterval(1000);
    connect(m_statusTimer, &QTimer::timeout, this, &MainWindow::updateStatus);
    m_statusTimer->start();
}

void MainWindow::fillSymbols() {
    m_symbolBox->clear();
    m_symbolBox->addItems(commonSymbols(m_exchange));
    m_symbolBox->setEnabled(m_exchange != "demo");
    m_symbolBox->setEditText(QString::fromStdString(m_symbol));
}

void MainWindow::select(const std::string& exchange, const std::string& symbol) {
    m_switching = true;
    retireEngine();
    m_exchange = exchange;
    m_symbol = exchange == "demo" ? "BTCUSDT" : symbol;
    for (int i = 0; i < m_exchangeBox->count(); ++i) {
        if (m_exchangeBox->itemData(i).toString().toStdString() == m_exchange) {
            m_exchangeBox->setCurrentIndex(i);
        }
    }
    fillSymbols();
    // Clear at once: no bar of the previous symbol stays while the new feed connects.
    m_chart->setSnapshot(nullptr);
    m_clusters->setSnapshot(nullptr);
    setWindowTitle(QStringLiteral("liqmap — %1 %2")
                       .arg(QString::fromStdString(displayName(m_exchange)),
                            QString::fromStdString(m_symbol)));
    m_switching = false;
    startEngine();
}

void MainWindow::startEngine() {
    EngineOptions options;
    options.exchange = m_exchange;
    options.symbol = m_symbol;
    options.lookback = std::chrono::hours(24 * m_lookbackBox->currentData().toInt());
    options.estimator.lookbackMs = options.lookback.count();
    options.demo.speed = 10;
    try {
        // A late snapshot of an engine that was replaced must not reach the chart: each engine
        // posts with its own number, and the window drops what is not from the current one.
        const std::uint64_t id = ++m_engineId;
        m_engine = std::make_unique<MapEngine>(
            options, [this, id](std::shared_ptr<const MapSnapshot> snapshot) {
                QMetaObject::invokeMethod(
                    this,
                    [this, id, snapshot = std::move(snapshot)]() mutable {
                        if (m_engineId == id && m_engine) {
                            showSnapshot(std::move(snapshot));
                        }
                    },
                    Qt::QueuedConnection);
            });
        m_engine->start();
    } catch (const std::exception& error) {
        auto snapshot = std::make_shared<MapSnapshot>();
        snapshot->exchange = displayName(m_exchange);
        snapshot->symbol = m_symbol;
        snapshot->state = FeedState::Error;
        snapshot->message = error.what();
        snapshot->version = 1;
        m_chart->setSnapshot(std::move(snapshot));
    }
}

void MainWindow::retireEngine() {
    if (m_engine) {
        // Stopping joins threads and closes sockets (up to a second or two): not on this thread.
        m_retiring.emplace_back(
            [engine = std::shared_ptr<MapEngine>(std::move(m_engine))] { engine->stop(); });
    }
}

void MainWindow::showSnapshot(std::shared_ptr<const MapSnapshot> snapshot) {
    m_clusters->setSnapshot(snapshot);
    m_chart->setSnapshot(std::move(snapshot));
}

void MainWindow::updateStatus() {
    if (!m_engine) {
        return;
    }
    std::uint64_t messages = 0;
    QString state;
    bool loading = false;
    double ageSeconds = -1;
    const auto now = std::chrono::duration_cast<std::chrono::milliseconds>(
                         std::chrono::system_clock::now().time_since_epoch())
                         .count();
    for (const exchange::FeedStatus& feed : m_engine->status()) {
        loading = loading || feed.phase == exchange::FeedPhase::LoadingHistory;
        QString feedState = QString::fromStdString(std::string(exchange::toString(feed.phase)));
        messages += feed.messages();
        if (feed.lastMessageMs() > 0) {
            const double age = static_cast<double>(now - feed.lastMessageMs()) / 1000;
            ageSeconds = ageSeconds < 0 ? age : std::min(ageSeconds, age);
        }
        for (const exchange::ConnectionStatus& connection : feed.connections) {
            if (connection.state != exchange::ConnectionState::Live) {
                feedState =
                    QString::fromStdString(std::string(exchange::toString(connection.state)));
                if (connection.state == exchange::ConnectionState::Reconnecting &&
                    connection.reconnectAtMs > now) {
                    feedState +=
                        QStringLiteral(" in %1 s").arg((connection.reconnectAtMs - now) / 1000 + 1);
                }
            }
        }
        if (!state.isEmpty()) {
            state += QStringLiteral(" · ");
        }
        // The demo is served in Binance's format, but it is the demo the user picked.
        const std::string venue = m_exchange == "demo"
                                      ? displayName(m_exchange)
                                      : displayName(std::string(exchange::toString(feed.venue)));
        state +=
            QStringLiteral("%1 %2: %3")
                .arg(QString::fromStdString(venue), QString::fromStdString(feed.symbol), feedState);
    }
    m_stateLabel->setText(state + tr(" · estimated, not a prediction"));
    const std::uint64_t perSecond = messages >= m_lastMessages ? messages - m_lastMessages : 0;
    m_lastMessages = messages;
    m_rateLabel->setText(
        ageSeconds < 0 ? tr("%1 msg/s").arg(perSecond)
                       : tr("%1 msg/s · last %2 s ago").arg(perSecond).arg(ageSeconds, 0, 'f', 1));
    m_progress->setVisible(loading);
}

void MainWindow::exportPng() {
    const QString path = QFileDialog::getSaveFileName(
        this, tr("Export PNG"), QStringLiteral("liqmap.png"), tr("PNG images (*.png)"));
    if (!path.isEmpty() && !m_chart->grab().save(path, "PNG")) {
        QMessageBox::warning(this, tr("Export PNG"), tr("Could not write %1").arg(path));
    }
}

void MainWindow::saveSettings() const {
    QSettings saved = settings();
    saved.setValue(QStringLiteral("exchange"), QString::fromStdString(m_exchange));
    saved.setValue(QStringLiteral("symbol"), QString::fromStdString(m_symbol));
    saved.setValue(QStringLiteral("lookback"), m_lookbackBox->currentIndex());
    saved.setValue(QStringLiteral("geometry"), saveGeometry());
}

void MainWindow::closeEvent(QCloseEvent* event) {
    saveSettings();
    QMainWindow::closeEvent(event);
}

}  // namespace liqmap::gui
