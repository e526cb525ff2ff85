#include "liqmap/gui/main_window.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QBuffer>
#include <QCloseEvent>
#include <QComboBox>
#include <QDialog>
#include <QDockWidget>
#include <QFile>
#include <QFileDialog>
#include <QLabel>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QProgressBar>
#include <QSaveFile>
#include <QSettings>
#include <QStackedWidget>
#include <QStatusBar>
#include <QTimer>
#include <QToolBar>
#include <QUrl>
#include <algorithm>  // std::find, std::min
#include <array>      // std::array
#include <chrono>     // std::chrono
#include <cmath>      // std::llround
#include <utility>    // std::move, std::exchange

#include "chart_drawing.h"
#include "liqmap/core/config_error.h"
#include "liqmap/core/map_format.h"
#include "liqmap/exchange/instrument_catalog.h"
#include "liqmap/exchange/network_thread.h"
#include "liqmap/gui/heatmap_widget.h"
#include "liqmap/gui/leverage_mix_dialog.h"
#include "liqmap/gui/liquidation_map_widget.h"
#include "liqmap/gui/symbol_picker.h"
#include "liqmap/gui/thread_doorbell.h"
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

constexpr std::array<int, 3> kLookbackDays{1, 7, 30};
constexpr int kDefaultLookbackDays = 30;
// How long the "window busy" note stays after the last skipped map: long enough to be read
// after the window comes back from a hold-up, short enough not to linger as a false alarm.
constexpr std::chrono::seconds kBusyNoteFor{10};

// Settings keys and values, spelled once.
const QString kExchangeKey = QStringLiteral("exchange");
const QString kSymbolKey = QStringLiteral("symbol");
const QString kLookbackKey = QStringLiteral("lookbackDays");
const QString kMixKey = QStringLiteral("leverageMix");
const QString kViewKey = QStringLiteral("view");
const QString kThemeKey = QStringLiteral("theme");
const QString kSidesKey = QStringLiteral("sideColours");
const QString kHiddenTiersKey = QStringLiteral("hiddenTiers");
const QString kGeometryKey = QStringLiteral("geometry");
const QString kStateKey = QStringLiteral("windowState");

// Offered before (and unless) the venue's instrument list arrives: the most traded perpetuals.
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

bool knownExchange(const std::string& exchange) {
    return std::any_of(kExchanges.begin(), kExchanges.end(),
                       [&](const ExchangeChoice& choice) { return exchange == choice.key; });
}

// Writes `bytes` to `path` whole or not at all (QSaveFile renames into place when done).
QString writeFile(const QString& path, const QByteArray& bytes) {
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit()) {
        return QStringLiteral("Could not write %1: %2").arg(path, file.errorString());
    }
    return {};
}

}  // namespace

std::string MainWindow::defaultSymbol(const std::string& exchange) {
    return commonSymbols(exchange).front().toStdString();
}

MainWindow::MainWindow(WindowOptions options, QWidget* parent)
    : QMainWindow(parent),
      m_settingsFile(options.settingsFile),
      m_fetchSymbolLists(options.fetchSymbolLists),
      m_adjustEngine(options.adjustEngine),
      m_adjustCatalog(options.adjustCatalog),
      m_snapshotPublished(options.snapshotPublished) {
    m_doorbell = new ThreadDoorbell(this);
    connect(m_doorbell, &ThreadDoorbell::rung, this, &MainWindow::takeHandoffs);
    m_chart = new LiquidationMapWidget(this);
    m_heatmap = new HeatmapWidget(this);
    m_stack = new QStackedWidget(this);
    m_stack->addWidget(m_chart);
    m_stack->addWidget(m_heatmap);
    setCentralWidget(m_stack);
    m_clusters = new TopClustersPanel(this);
    auto* dock = new QDockWidget(tr("Top clusters"), this);
    dock->setObjectName(QStringLiteral("topClusters"));
    dock->setWidget(m_clusters);
    addDockWidget(Qt::RightDockWidgetArea, dock);
    // A cluster picked in the panel is centred in whichever chart is shown.
    connect(m_clusters, &TopClustersPanel::clusterActivated, this, [this](double price) {
        m_chart->centreOn(price);
        m_heatmap->centreOn(price);
    });
    buildToolbar();
    buildMenus();
    buildStatusBar();
    restore(options);
}

MainWindow::~MainWindow() {
    stopSymbolFetch();
    m_catalogNetwork.reset();
    retireEngine();
    for (std::thread& thread : m_background) {
        thread.join();
    }
}

std::unique_ptr<QSettings> MainWindow::openSettings() const {
    if (m_settingsFile.isEmpty()) {
        return std::make_unique<QSettings>(QStringLiteral("liqmap"), QStringLiteral("liqmap"));
    }
    return std::make_unique<QSettings>(m_settingsFile, QSettings::IniFormat);
}

void MainWindow::restore(const WindowOptions& options) {
    std::string exchange = options.exchange;
    std::string symbol = options.symbol;
    int lookback = kDefaultLookbackDays;
    ChartView view = ChartView::Map;
    ChartTheme theme = ChartTheme::Dark;
    SideColours sides = SideColours::RedGreen;
    if (options.restoreSettings) {
        const std::unique_ptr<QSettings> saved = openSettings();
        if (exchange.empty()) {
            exchange = saved->value(kExchangeKey).toString().toStdString();
            if (symbol.empty()) {
                symbol = saved->value(kSymbolKey).toString().toStdString();
            }
        }
        lookback = saved->value(kLookbackKey, lookback).toInt();
        if (const QString mix = saved->value(kMixKey).toString(); !mix.isEmpty()) {
            try {
                m_mix = core::LeverageMix::parse(mix.toStdString());
                m_customMix = true;
            } catch (const core::ConfigError&) {
                // A hand-edited or outdated value: the default mix, and the next save fixes it.
            }
        }
        view = saved->value(kViewKey).toString() == QStringLiteral("heatmap") ? ChartView::Heatmap
                                                                              : ChartView::Map;
        theme = saved->value(kThemeKey).toString() == QStringLiteral("light") ? ChartTheme::Light
                                                                              : ChartTheme::Dark;
        sides = saved->value(kSidesKey).toString() == QStringLiteral("orange-blue")
                    ? SideColours::OrangeBlue
                    : SideColours::RedGreen;
        for (const QVariant& leverage : saved->value(kHiddenTiersKey).toList()) {
            bool ok = false;
            const double value = leverage.toDouble(&ok);
            if (ok) {
                m_hiddenTiers.push_back(value);
            }
        }
        restoreGeometry(saved->value(kGeometryKey).toByteArray());
        restoreState(saved->value(kStateKey).toByteArray());
    }
    if (!knownExchange(exchange)) {
        exchange = "demo";
        symbol.clear();
    }
    if (std::find(kLookbackDays.begin(), kLookbackDays.end(), lookback) == kLookbackDays.end()) {
        lookback = kDefaultLookbackDays;
    }
    m_lookbackBox->setCurrentIndex(m_lookbackBox->findData(lookback));
    setView(options.view.value_or(view));
    setChartPalette(options.theme.value_or(theme), options.sides.value_or(sides));
    m_chart->setHiddenTiers(m_hiddenTiers);
    select(exchange, symbol.empty() ? defaultSymbol(exchange) : symbol);
}

void MainWindow::buildToolbar() {
    QToolBar* toolbar = addToolBar(tr("Market"));
    toolbar->setObjectName(QStringLiteral("market"));
    toolbar->setMovable(false);
    toolbar->addWidget(new QLabel(tr(" Exchange "), toolbar));
    m_exchangeBox = new QComboBox(toolbar);
    m_exchangeBox->setObjectName(QStringLiteral("exchangeBox"));
    for (const ExchangeChoice& choice : kExchanges) {
        m_exchangeBox->addItem(QString::fromLatin1(choice.name), QString::fromLatin1(choice.key));
    }
    toolbar->addWidget(m_exchangeBox);
    toolbar->addWidget(new QLabel(tr("  Symbol "), toolbar));
    m_symbolPicker = new SymbolPicker(toolbar);
    m_symbolPicker->setObjectName(QStringLiteral("symbolPicker"));
    m_symbolPicker->setMinimumContentsLength(14);
    toolbar->addWidget(m_symbolPicker);
    toolbar->addWidget(new QLabel(tr("  Lookback "), toolbar));
    m_lookbackBox = new QComboBox(toolbar);
    m_lookbackBox->setObjectName(QStringLiteral("lookbackBox"));
    for (const int days : kLookbackDays) {
        m_lookbackBox->addItem(days == 1 ? tr("1 day") : tr("%1 days").arg(days), days);
    }
    toolbar->addWidget(m_lookbackBox);
    toolbar->addSeparator();

    auto* views = new QActionGroup(this);
    m_mapAction = toolbar->addAction(tr("Map"), this, [this] { setView(ChartView::Map); });
    m_heatmapAction =
        toolbar->addAction(tr("Heatmap"), this, [this] { setView(ChartView::Heatmap); });
    for (QAction* action : {m_mapAction, m_heatmapAction}) {
        action->setCheckable(true);
        views->addAction(action);
    }
    m_mapAction->setShortcut(QKeySequence(tr("Ctrl+1")));
    m_mapAction->setToolTip(tr("Liquidation map: notional by price now (Ctrl+1)"));
    m_heatmapAction->setShortcut(QKeySequence(tr("Ctrl+2")));
    m_heatmapAction->setToolTip(tr("Heatmap: the map over time (Ctrl+2)"));
    toolbar->addSeparator();
    QAction* mix = toolbar->addAction(tr("Leverage mix…"), this, &MainWindow::editLeverageMix);
    mix->setShortcut(QKeySequence(tr("Ctrl+L")));
    mix->setToolTip(tr("The leverage traders are assumed to use (Ctrl+L)"));

    connect(m_exchangeBox, &QComboBox::activated, this, [this](int index) {
        const std::string exchange = m_exchangeBox->itemData(index).toString().toStdString();
        if (exchange != m_exchange) {
            select(exchange, defaultSymbol(exchange));
        }
    });
    connect(m_symbolPicker, &SymbolPicker::symbolChosen, this, [this](const QString& symbol) {
        if (!symbol.isEmpty() && symbol.toStdString() != m_symbol) {
            select(m_exchange, symbol.toStdString());
        }
    });
    connect(m_lookbackBox, &QComboBox::activated, this,
            [this](int index) { setLookbackDays(m_lookbackBox->itemData(index).toInt()); });
}

void MainWindow::buildMenus() {
    QMenu* file = menuBar()->addMenu(tr("&File"));
    file->addAction(tr("Export &PNG…"), QKeySequence(tr("Ctrl+E")), this, [this] {
        exportWithDialog(tr("Export PNG"), QStringLiteral("liqmap.png"), tr("PNG images (*.png)"),
                         &MainWindow::exportPng);
    });
    file->addAction(tr("Export &CSV…"), QKeySequence(tr("Ctrl+Shift+C")), this, [this] {
        exportWithDialog(tr("Export CSV"), QStringLiteral("liqmap.csv"), tr("CSV files (*.csv)"),
                         &MainWindow::exportCsv);
    });
    file->addAction(tr("Export &JSON…"), QKeySequence(tr("Ctrl+Shift+J")), this, [this] {
        exportWithDialog(tr("Export JSON"), QStringLiteral("liqmap.json"),
                         tr("JSON files (*.json)"), &MainWindow::exportJson);
    });
    file->addSeparator();
    file->addAction(tr("&Quit"), QKeySequence::Quit, this, &QWidget::close);

    QMenu* view = menuBar()->addMenu(tr("&View"));
    view->addAction(m_mapAction);
    view->addAction(m_heatmapAction);
    view->addSeparator();
    auto* themes = new QActionGroup(this);
    m_darkAction = view->addAction(tr("&Dark theme"), this,
                                   [this] { setChartPalette(ChartTheme::Dark, m_palette.sides); });
    m_lightAction = view->addAction(
        tr("&Light theme"), this, [this] { setChartPalette(ChartTheme::Light, m_palette.sides); });
    for (QAction* action : {m_darkAction, m_lightAction}) {
        action->setCheckable(true);
        themes->addAction(action);
    }
    m_lightAction->setShortcut(QKeySequence(tr("Ctrl+T")));
    m_colourBlindAction =
        view->addAction(tr("&Colour-blind palette (orange/blue)"), this, [this](bool on) {
            setChartPalette(m_palette.theme, on ? SideColours::OrangeBlue : SideColours::RedGreen);
        });
    m_colourBlindAction->setCheckable(true);
    m_colourBlindAction->setShortcut(QKeySequence(tr("Ctrl+B")));
    view->addSeparator();
    view->addAction(tr("&Reset zoom"), QKeySequence(tr("Ctrl+0")), this, [this] {
        m_chart->resetZoom();
        m_heatmap->resetZoom();
    });
    m_tierMenu = view->addMenu(tr("&Tiers"));
    m_tierMenu->setEnabled(false);  // filled with the first map's leverages

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About liqmap"), this, [this] {
        // The guide of the source tree this build came from (there is no installed copy).
        const QString userGuide =
            QStringLiteral(LIQMAP_DOCS_DIR) + QStringLiteral("/user-guide.md");
        QMessageBox::about(
            this, tr("About liqmap"),
            tr("<b>liqmap %1</b><p>A liquidation map: where leveraged positions on a perpetual "
               "market would be force-closed if the price moved there.</p><p>The map is an "
               "<b>estimate</b>, not a prediction. Open interest growth is split into long and "
               "short positions over an assumed leverage mix, entered at the prices of the "
               "moment; each gets its liquidation price by the exchange's formula, and price "
               "moves, closes, turnover and reported liquidations take them out again. How "
               "close this comes to the truth is measured on a simulated market in "
               "docs/accuracy.md.</p><p>The user guide, with every control explained: "
               "<a href=\"%2\">%3</a></p><p>MIT licence.</p>")
                .arg(QApplication::applicationVersion(), QUrl::fromLocalFile(userGuide).toString(),
                     userGuide.toHtmlEscaped()));
    });
}

void MainWindow::buildStatusBar() {
    m_stateLabel = new QLabel(this);
    m_stateLabel->setObjectName(QStringLiteral("stateLabel"));
    m_coverageLabel = new QLabel(this);
    m_coverageLabel->setObjectName(QStringLiteral("coverageLabel"));
    m_coverageLabel->setToolTip(
        tr("Hours of open-interest history the map rests on (at most the lookback)"));
    m_rateLabel = new QLabel(this);
    m_rateLabel->setObjectName(QStringLiteral("rateLabel"));
    m_progress = new QProgressBar(this);
    m_progress->setRange(0, 0);  // busy: the history's length is not known in advance
    m_progress->setMaximumWidth(120);
    m_progress->setVisible(false);
    m_busyLabel = new QLabel(this);
    m_busyLabel->setObjectName(QStringLiteral("busyLabel"));
    m_busyLabel->setContentsMargins(0, 0, 12, 0);  // apart from the coverage figure next to it
    m_busyLabel->setVisible(false);
    statusBar()->addWidget(m_stateLabel, 1);
    statusBar()->addPermanentWidget(m_busyLabel);
    statusBar()->addPermanentWidget(m_progress);
    statusBar()->addPermanentWidget(m_coverageLabel);
    statusBar()->addPermanentWidget(m_rateLabel);
    m_statusTimer = new QTimer(this);
    m_statusTimer->setInterval(1000);
    connect(m_statusTimer, &QTimer::timeout, this, &MainWindow::updateStatus);
    m_statusTimer->start();
}

int MainWindow::lookbackDays() const { return m_lookbackBox->currentData().toInt(); }

void MainWindow::fillSymbols() {
    const QString current = QString::fromStdString(m_symbol);
    const auto fetched = m_symbolLists.find(m_exchange);
    if (fetched != m_symbolLists.end()) {
        m_symbolPicker->setSymbols(fetched->second, current);
    } else if (m_exchange != "demo" && m_fetchSymbolLists) {
        m_symbolPicker->setLoading(current);
    } else {
        m_symbolPicker->setSymbols(commonSymbols(m_exchange), current);
    }
    m_symbolPicker->setEnabled(m_exchange != "demo");
}

void MainWindow::stopSymbolFetch() {
    for (const auto& catalog : m_catalogs) {
        catalog->cancel();
    }
    if (m_catalogThread.joinable()) {
        m_catalogThread.join();  // prompt: a cancelled fetch returns at once
    }
    m_catalogs.clear();
}

void MainWindow::fetchSymbolList(const std::string& exchange) {
    if (exchange == "demo" || m_symbolLists.count(exchange) > 0) {
        return;
    }
    stopSymbolFetch();
    if (!m_catalogNetwork) {
        m_catalogNetwork = std::make_unique<exchange::NetworkThread>();
    }
    std::vector<exchange::Venue> venues;
    if (const auto venue = exchange::parseVenue(exchange)) {
        venues.push_back(*venue);
    } else {  // all: the coins at least two venues list
        venues = {exchange::Venue::Binance, exchange::Venue::Bybit, exchange::Venue::Okx,
                  exchange::Venue::Hyperliquid};
    }
    for (const exchange::Venue venue : venues) {
        exchange::InstrumentCatalogOptions options;
        options.venue = venue;
        options.endpoints = exchange::defaultEndpoints(venue);
        if (m_adjustCatalog) {
            m_adjustCatalog(options);
        }
        m_catalogs.push_back(
            std::make_shared<exchange::InstrumentCatalog>(*m_catalogNetwork, options));
    }
    const std::uint64_t fetchId = ++m_fetchId;
    m_catalogThread = std::thread([this, catalogs = m_catalogs, exchange, fetchId] {
        std::vector<std::vector<exchange::InstrumentInfo>> lists;
        std::string error;
        for (const auto& catalog : catalogs) {
            exchange::InstrumentCatalogResult result = catalog->fetch();
            if (!result.ok()) {
                error = result.error;
            }
            lists.push_back(std::move(result.instruments));
        }
        std::vector<std::string> names = lists.size() == 1
                                             ? exchange::pickerSymbols(std::move(lists.front()))
                                             : exchange::commonBaseAssets(lists);
        {
            const std::lock_guard lock(m_handoffMutex);
            m_pendingSymbols = PendingSymbols{fetchId, exchange, std::move(names), error};
        }
        // The window outlives this thread (its destructor joins it), so `this` is safe here.
        m_doorbell->ring();
    });
}

std::uint64_t MainWindow::skippedSnapshots() const {
    const std::lock_guard lock(m_handoffMutex);
    return m_skippedSnapshots;
}

void MainWindow::takeHandoffs() {
    std::optional<PendingSnapshot> snapshot;
    std::optional<PendingSymbols> symbols;
    std::uint64_t skipped = 0;
    {
        const std::lock_guard lock(m_handoffMutex);
        snapshot.swap(m_pendingSnapshot);
        symbols.swap(m_pendingSymbols);
        skipped = m_skippedSnapshots;
    }
    if (symbols) {
        symbolListArrived(symbols->fetchId, symbols->exchange, symbols->symbols, symbols->error);
    }
    if (!snapshot) {
        return;  // a ring whose snapshot an earlier take already got
    }
    if (snapshot->engineId == m_engineId && m_engine) {
        ++m_shownSnapshots;
        showSnapshot(std::move(snapshot->snapshot));
    }
    noteSkips(skipped);
}

void MainWindow::noteSkips(std::uint64_t skippedTotal) {
    const std::uint64_t skippedNow = skippedTotal - m_skippedAtLastTake;
    m_skippedAtLastTake = skippedTotal;
    if (skippedNow == 0) {
        m_skippedInHoldUp = 0;  // the window kept up: the next skip starts a new hold-up
        return;
    }
    m_skippedInHoldUp += skippedNow;
    m_lastSkipSeenAt = std::chrono::steady_clock::now();
    m_busyLabel->setText(m_skippedInHoldUp == 1
                             ? tr("window busy: 1 map update skipped")
                             : tr("window busy: %1 map updates skipped").arg(m_skippedInHoldUp));
    m_busyLabel->setToolTip(
        tr("The window was held up (a dialog, an export, a busy computer) and could not draw "
           "every map update. Nothing piles up meanwhile: each skipped update was replaced by a "
           "newer one, and the map shown is the newest. Since the window opened: %1 shown, %2 "
           "skipped. This note goes away %3 s after the last skip.")
            .arg(m_shownSnapshots)
            .arg(skippedTotal)
            .arg(kBusyNoteFor.count()));
    m_busyLabel->setVisible(true);
}

void MainWindow::symbolListArrived(std::uint64_t fetchId, const std::string& exchange,
                                   const std::vector<std::string>& names,
                                   const std::string& error) {
    if (fetchId != m_fetchId || exchange != m_exchange) {
        return;  // the user has moved on; a later fetch answers for the exchange shown
    }
    if (names.empty()) {
        m_symbolPicker->setLoadFailed(error.empty() ? tr("The venue listed no usable symbols")
                                                    : QString::fromStdString(error),
                                      QString::fromStdString(m_symbol));
        return;
    }
    QStringList symbols;
    for (const std::string& name : names) {
        symbols.push_back(QString::fromStdString(name));
    }
    // A partial answer for All (a venue down) is kept for this session all the same: the
    // coins listed by the others are still right.
    m_symbolLists[exchange] = symbols;
    m_symbolPicker->setSymbols(symbols, QString::fromStdString(m_symbol));
}

void MainWindow::select(const std::string& exchange, const std::string& symbol) {
    m_switching = true;
    retireEngine();
    m_exchange = exchange;
    m_symbol = exchange == "demo" ? "BTCUSDT" : symbol;
    m_exchangeBox->setCurrentIndex(m_exchangeBox->findData(QString::fromStdString(m_exchange)));
    if (m_fetchSymbolLists) {
        fetchSymbolList(m_exchange);
    }
    fillSymbols();
    clearCharts();
    setWindowTitle(QStringLiteral("liqmap — %1 %2")
                       .arg(QString::fromStdString(displayName(m_exchange)),
                            QString::fromStdString(m_symbol)));
    m_switching = false;
    startEngine();
}

void MainWindow::setLookbackDays(int days) {
    const int index = m_lookbackBox->findData(days);
    if (index < 0) {
        return;
    }
    m_lookbackBox->setCurrentIndex(index);
    if (!m_switching && m_engine) {
        select(m_exchange, m_symbol);
    }
}

void MainWindow::setLeverageMix(const core::LeverageMix& mix) {
    m_mix = mix;
    m_customMix = true;
    select(m_exchange, m_symbol);
}

void MainWindow::editLeverageMix() {
    LeverageMixDialog dialog(m_mix, this);
    if (m_snapshot && m_snapshot->maxLeverage > 0) {
        dialog.setMaxLeverage(m_snapshot->maxLeverage, QString::fromStdString(m_snapshot->exchange),
                              QString::fromStdString(m_snapshot->symbol));
    }
    if (dialog.exec() == QDialog::Accepted && dialog.mix() &&
        dialog.mix()->toString() != m_mix.toString()) {
        setLeverageMix(*dialog.mix());
    }
}

void MainWindow::setView(ChartView view) {
    m_view = view;
    m_stack->setCurrentWidget(view == ChartView::Map ? static_cast<QWidget*>(m_chart)
                                                     : static_cast<QWidget*>(m_heatmap));
    (view == ChartView::Map ? m_mapAction : m_heatmapAction)->setChecked(true);
    m_stack->currentWidget()->setFocus();
}

void MainWindow::setChartPalette(ChartTheme theme, SideColours sides) {
    m_palette = ChartPalette::make(theme, sides);
    m_chart->setChartPalette(m_palette);
    m_heatmap->setChartPalette(m_palette);
    (theme == ChartTheme::Dark ? m_darkAction : m_lightAction)->setChecked(true);
    m_colourBlindAction->setChecked(sides == SideColours::OrangeBlue);
}

void MainWindow::setHiddenTiers(std::vector<double> leverages) {
    std::sort(leverages.begin(), leverages.end());
    m_hiddenTiers = std::move(leverages);
    m_chart->setHiddenTiers(m_hiddenTiers);
    for (QAction* action : m_tierMenu->actions()) {
        const double leverage = action->data().toDouble();
        action->setChecked(std::find(m_hiddenTiers.begin(), m_hiddenTiers.end(), leverage) ==
                           m_hiddenTiers.end());
    }
}

void MainWindow::rebuildTierMenu(const std::vector<double>& leverages) {
    if (leverages == m_tierMenuLeverages) {
        return;
    }
    m_tierMenuLeverages = leverages;
    m_tierMenu->clear();
    int key = 1;
    for (const double leverage : leverages) {
        QAction* action = m_tierMenu->addAction(tr("Show %1").arg(chart::leverageText(leverage)));
        action->setCheckable(true);
        action->setData(leverage);
        action->setChecked(std::find(m_hiddenTiers.begin(), m_hiddenTiers.end(), leverage) ==
                           m_hiddenTiers.end());
        if (key <= 9) {
            action->setShortcut(QKeySequence(tr("Alt+%1").arg(key++)));
        }
        connect(action, &QAction::toggled, this, [this, leverage](bool shown) {
            std::vector<double> hidden = m_hiddenTiers;
            std::erase(hidden, leverage);
            if (!shown) {
                hidden.push_back(leverage);
            }
            setHiddenTiers(std::move(hidden));
        });
    }
    m_tierMenu->setEnabled(!leverages.empty());
}

void MainWindow::startEngine() {
    EngineOptions options;
    options.exchange = m_exchange;
    options.symbol = m_symbol;
    options.lookback = std::chrono::hours(24 * lookbackDays());
    options.estimator.lookbackMs = options.lookback.count();
    if (m_customMix) {
        options.estimator.leverageMix = m_mix;
    }
    options.demo.speed = 10;
    if (m_adjustEngine) {
        m_adjustEngine(options);
    }
    try {
        // A late snapshot of an engine that was replaced must not reach the charts: each engine
        // hands over with its own number, and the window drops what is not from the current one.
        // The slot holds one snapshot, so a busy GUI thread never makes anything pile up: a newer
        // map replaces the one waiting (counted as skipped), and the window always gets the
        // newest (the issue 7 stall test).
        const std::uint64_t id = ++m_engineId;
        m_engine =
            std::make_unique<MapEngine>(options, [this, id, published = m_snapshotPublished](
                                                     std::shared_ptr<const MapSnapshot> snapshot) {
                if (published) {
                    published(snapshot);
                }
                std::optional<PendingSnapshot> replaced;  // freed after the lock is released
                {
                    const std::lock_guard lock(m_handoffMutex);
                    if (m_pendingSnapshot && m_pendingSnapshot->engineId > id) {
                        // A retired engine still finishing its last publish (its stop runs on a
                        // background thread) must not push out its successor's first snapshot:
                        // that one may be the only one (an error) and the window would stay blank.
                        return;
                    }
                    if (m_pendingSnapshot && m_pendingSnapshot->engineId == id) {
                        ++m_skippedSnapshots;
                    }
                    replaced =
                        std::exchange(m_pendingSnapshot, PendingSnapshot{id, std::move(snapshot)});
                }
                m_doorbell->ring();
            });
        m_engine->start();
    } catch (const std::exception& error) {
        auto snapshot = std::make_shared<MapSnapshot>();
        snapshot->exchange = displayName(m_exchange);
        snapshot->symbol = m_symbol;
        snapshot->state = FeedState::Error;
        snapshot->message = error.what();
        snapshot->version = 1;
        showSnapshot(std::move(snapshot));
    }
}

void MainWindow::retireEngine() {
    if (m_engine) {
        // Stopping joins threads and closes sockets (up to a second or two): not on this thread.
        m_background.emplace_back(
            [engine = std::shared_ptr<MapEngine>(std::move(m_engine))] { engine->stop(); });
    }
}

void MainWindow::clearCharts() {
    // At once: no bar of the previous selection stays while the new feed connects.
    m_snapshot.reset();
    m_chart->setSnapshot(nullptr);
    m_heatmap->setSnapshot(nullptr);
    m_clusters->setSnapshot(nullptr);
    m_coverageLabel->clear();
}

void MainWindow::showSnapshot(std::shared_ptr<const MapSnapshot> snapshot) {
    m_snapshot = snapshot;
    if (snapshot->map) {
        rebuildTierMenu(snapshot->map->total().leverages());
        m_coverageLabel->setText(tr("%1 h of OI history").arg(snapshot->coverageHours, 0, 'f', 1));
    }
    m_clusters->setSnapshot(snapshot);
    m_heatmap->setSnapshot(snapshot);
    m_chart->setSnapshot(std::move(snapshot));
}

void MainWindow::updateStatus() {
    if (!m_busyLabel->isHidden() &&
        std::chrono::steady_clock::now() - m_lastSkipSeenAt >= kBusyNoteFor) {
        m_busyLabel->setVisible(false);
        m_skippedInHoldUp = 0;  // the hold-up is over even if no map came since
    }
    if (!m_engine) {
        return;
    }
    std::uint64_t messages = 0;
    QString state;
    bool loading = false;
    std::size_t pages = 0;
    double ageSeconds = -1;
    const auto now = std::chrono::duration_cast<std::chrono::milliseconds>(
                         std::chrono::system_clock::now().time_since_epoch())
                         .count();
    for (const exchange::FeedStatus& feed : m_engine->status()) {
        const bool feedLoading = feed.phase == exchange::FeedPhase::LoadingHistory;
        loading = loading || feedLoading;
        pages += feedLoading ? feed.requestsDone : 0;
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
                    feedState += tr(" in %1 s").arg((connection.reconnectAtMs - now + 999) / 1000);
                }
                if (!connection.error.empty()) {
                    feedState +=
                        QStringLiteral(" (%1)").arg(QString::fromStdString(connection.error));
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
    if (state.isEmpty()) {
        state = QString::fromStdString(m_exchange == "demo" ? "Starting the simulated exchange…"
                                                            : "Starting…");
    }
    m_stateLabel->setText(state + tr(" · estimated, not a prediction"));
    // Per second of the time since the last update, not per tick: a tick that comes late (the
    // window was held up) would otherwise show the whole gap's messages as one second's.
    const auto tickAt = std::chrono::steady_clock::now();
    const double seconds = m_lastStatusAt == std::chrono::steady_clock::time_point{}
                               ? 1.0
                               : std::chrono::duration<double>(tickAt - m_lastStatusAt).count();
    m_lastStatusAt = tickAt;
    const std::uint64_t perSecond =
        messages >= m_lastMessages && seconds > 0
            ? static_cast<std::uint64_t>(
                  std::llround(static_cast<double>(messages - m_lastMessages) / seconds))
            : 0;
    m_lastMessages = messages;
    m_rateLabel->setText(
        ageSeconds < 0 ? tr("%1 msg/s").arg(perSecond)
                       : tr("%1 msg/s · last %2 s ago").arg(perSecond).arg(ageSeconds, 0, 'f', 1));
    m_progress->setVisible(loading);
    m_progress->setFormat(tr("history: %1 pages").arg(pages));
    m_progress->setToolTip(tr("Loading history: %1 pages received").arg(pages));
}

QString MainWindow::exportCsv(const QString& path) const {
    if (!m_snapshot || !m_snapshot->map) {
        return tr("There is no map to export yet.");
    }
    return writeFile(path, QByteArray::fromStdString(core::formatMapCsv(m_snapshot->map->total())));
}

QString MainWindow::exportJson(const QString& path) const {
    if (!m_snapshot || !m_snapshot->map) {
        return tr("There is no map to export yet.");
    }
    const core::MapCaption caption{m_snapshot->exchange, m_snapshot->symbol};
    const std::string json = m_snapshot->map->sources().size() > 1
                                 ? core::formatCombinedMapJson(*m_snapshot->map, caption)
                                 : core::formatMapJson(m_snapshot->map->total(), caption);
    return writeFile(path, QByteArray::fromStdString(json));
}

QString MainWindow::exportPng(const QString& path) const {
    QByteArray bytes;
    {
        QBuffer buffer(&bytes);
        buffer.open(QIODevice::WriteOnly);
        if (!m_stack->currentWidget()->grab().save(&buffer, "PNG")) {
            return tr("Could not encode the chart as PNG.");
        }
    }
    return writeFile(path, bytes);
}

void MainWindow::exportWithDialog(const QString& title, const QString& fileName,
                                  const QString& filter,
                                  QString (MainWindow::*write)(const QString&) const) {
    const QString path = QFileDialog::getSaveFileName(this, title, fileName, filter);
    if (path.isEmpty()) {
        return;
    }
    if (const QString error = (this->*write)(path); !error.isEmpty()) {
        QMessageBox::warning(this, title, error);
    }
}

void MainWindow::saveSettings() const {
    const std::unique_ptr<QSettings> saved = openSettings();
    saved->setValue(kExchangeKey, QString::fromStdString(m_exchange));
    saved->setValue(kSymbolKey, QString::fromStdString(m_symbol));
    saved->setValue(kLookbackKey, lookbackDays());
    if (m_customMix) {
        saved->setValue(kMixKey, QString::fromStdString(m_mix.toString()));
    } else {
        saved->remove(kMixKey);  // the default, which may be re-tuned in a later version
    }
    saved->setValue(
        kViewKey, m_view == ChartView::Heatmap ? QStringLiteral("heatmap") : QStringLiteral("map"));
    saved->setValue(kThemeKey, m_palette.theme == ChartTheme::Light ? QStringLiteral("light")
                                                                    : QStringLiteral("dark"));
    saved->setValue(kSidesKey, m_palette.sides == SideColours::OrangeBlue
                                   ? QStringLiteral("orange-blue")
                                   : QStringLiteral("red-green"));
    QVariantList hidden;
    for (const double leverage : m_hiddenTiers) {
        hidden.push_back(leverage);
    }
    saved->setValue(kHiddenTiersKey, hidden);
    saved->setValue(kGeometryKey, saveGeometry());
    saved->setValue(kStateKey, saveState());
    saved->sync();
}

void MainWindow::closeEvent(QCloseEvent* event) {
    saveSettings();
    QMainWindow::closeEvent(event);
}

}  // namespace liqmap::gui
