#pragma once

#include <QMainWindow>
#include <QString>
#include <chrono>      // std::chrono::steady_clock
#include <cstdint>     // std::uint64_t, std::uint8_t
#include <functional>  // std::function
#include <map>         // std::map
#include <memory>      // std::unique_ptr, std::shared_ptr
#include <mutex>       // std::mutex
#include <optional>    // std::optional
#include <string>      // std::string
#include <thread>      // std::thread
#include <vector>      // std::vector

#include "liqmap/core/leverage_mix.h"
#include "liqmap/gui/chart_palette.h"
#include "liqmap/gui/map_engine.h"
#include "liqmap/gui/map_snapshot.h"

class QAction;
class QActionGroup;
class QComboBox;
class QLabel;
class QMenu;
class QProgressBar;
class QSettings;
class QStackedWidget;
class QTimer;

namespace liqmap::exchange {
class InstrumentCatalog;
struct InstrumentCatalogOptions;
class NetworkThread;
}  // namespace liqmap::exchange

namespace liqmap::gui {

class HeatmapWidget;
class LiquidationMapWidget;
class SymbolPicker;
class ThreadDoorbell;
class TopClustersPanel;

/// Which chart fills the window.
enum class ChartView : std::uint8_t { Map, Heatmap };

/// What the window starts on: the command line first, then the saved settings, then the demo.
struct WindowOptions {
    std::string exchange;             ///< binance, bybit, okx, hyperliquid, all, demo; empty: saved
    std::string symbol;               ///< empty: saved, or the exchange's default
    std::optional<ChartView> view;    ///< empty: saved, else the map
    std::optional<ChartTheme> theme;  ///< empty: saved, else dark
    std::optional<SideColours> sides;  ///< empty: saved, else red/green
    bool restoreSettings = true;       ///< false: start from the defaults (screenshots, tests)
    /// Where settings live: empty for the user's (QSettings "liqmap"), else this INI file.
    QString settingsFile;
    /// Fetch each venue's instrument list for the symbol picker (off for tests: no network).
    bool fetchSymbolLists = true;
    /// Changes every engine's options before it starts (tests: a short demo history, feeds
    /// pointed at loopback).
    std::function<void(EngineOptions& engine)> adjustEngine;
    /// Changes every symbol-list fetch before it starts (tests: a loopback server).
    std::function<void(exchange::InstrumentCatalogOptions& catalog)> adjustCatalog;
    /// Called on an engine's thread with every snapshot it hands to the window, before the
    /// window's slot takes it (tests count what was published, independently of the window).
    std::function<void(const std::shared_ptr<const MapSnapshot>& snapshot)> snapshotPublished;
};

/// The desktop app's window: a toolbar to pick exchange, symbol, lookback, the view (map or
/// heatmap) and the leverage mix; the chart; a "Top clusters" panel; a status bar with each
/// feed's state, message rate, last-message age, the hours of history behind the map and, after
/// the window was held up, how many map updates it skipped (it always gets the newest); menus
/// to export, change theme, palette and tiers. Switching exchange, symbol, lookback or mix
/// replaces the engine: the old one stops on a background thread so the window never freezes,
/// and the charts clear at once so no bar of the previous selection stays on screen.
class MainWindow : public QMainWindow {
    Q_OBJECT

public:
    explicit MainWindow(WindowOptions options, QWidget* parent = nullptr);
    ~MainWindow() override;

    LiquidationMapWidget* chart() const { return m_chart; }
    HeatmapWidget* heatmap() const { return m_heatmap; }
    TopClustersPanel* clusters() const { return m_clusters; }
    /// The exchange key ("demo") and symbol the engine runs now.
    const std::string& exchange() const { return m_exchange; }
    const std::string& symbol() const { return m_symbol; }
    int lookbackDays() const;
    const core::LeverageMix& leverageMix() const { return m_mix; }
    ChartView view() const { return m_view; }
    const ChartPalette& chartPalette() const { return m_palette; }
    /// The snapshot the charts show now (null before the first).
    const std::shared_ptr<const MapSnapshot>& snapshot() const { return m_snapshot; }
    /// Engine snapshots the window has taken and shown since it opened (GUI thread).
    std::uint64_t shownSnapshots() const { return m_shownSnapshots; }
    /// Engine snapshots a newer one of the same engine replaced before the window took them,
    /// because the window was busy (a dialog, an export, a loaded computer), since it opened.
    /// Nothing queues up behind a busy window: it always gets the newest map. Thread-safe.
    std::uint64_t skippedSnapshots() const;

    /// Starts over on another exchange and/or symbol (what the toolbar does).
    void select(const std::string& exchange, const std::string& symbol);
    /// 1, 7 or 30; restarts the engine. Other values are ignored.
    void setLookbackDays(int days);
    /// Restarts the engine with `mix` (what the leverage-mix dialog does).
    void setLeverageMix(const core::LeverageMix& mix);
    void setView(ChartView view);
    void setChartPalette(ChartTheme theme, SideColours sides);
    /// Leverages whose tiers the map leaves out of its bars (View → Tiers).
    void setHiddenTiers(std::vector<double> leverages);

    /// Write the current snapshot's map. Return the error to show, empty on success.
    QString exportCsv(const QString& path) const;
    QString exportJson(const QString& path) const;
    QString exportPng(const QString& path) const;

    /// Stores exchange, symbol, lookback, mix, view, theme, palette, hidden tiers and the
    /// window's geometry (also done when the window closes).
    void saveSettings() const;

    /// The symbol a venue's picker offers first.
    static std::string defaultSymbol(const std::string& exchange);

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    void buildToolbar();
    void buildMenus();
    void buildStatusBar();
    void restore(const WindowOptions& options);
    std::unique_ptr<QSettings> openSettings() const;
    void fillSymbols();
    void fetchSymbolList(const std::string& exchange);
    void stopSymbolFetch();
    void symbolListArrived(std::uint64_t fetchId, const std::string& exchange,
                           const std::vector<std::string>& symbols, const std::string& error);
    /// On the GUI thread when the doorbell rang: takes what the engine and the symbol fetch left
    /// in their slots.
    void takeHandoffs();
    void startEngine();
    void retireEngine();
    void showSnapshot(std::shared_ptr<const MapSnapshot> snapshot);
    /// After a take that found a snapshot: updates the "window busy" note from the skip total.
    void noteSkips(std::uint64_t skippedTotal);
    void clearCharts();
    void rebuildTierMenu(const std::vector<double>& leverages);
    void updateStatus();
    void editLeverageMix();
    void exportWithDialog(const QString& title, const QString& fileName, const QString& filter,
                          QString (MainWindow::*write)(const QString&) const);

    QString m_settingsFile;
    bool m_fetchSymbolLists = true;
    std::function<void(EngineOptions& engine)> m_adjustEngine;
    std::function<void(exchange::InstrumentCatalogOptions& catalog)> m_adjustCatalog;
    std::function<void(const std::shared_ptr<const MapSnapshot>& snapshot)> m_snapshotPublished;

    QStackedWidget* m_stack = nullptr;
    LiquidationMapWidget* m_chart = nullptr;
    HeatmapWidget* m_heatmap = nullptr;
    TopClustersPanel* m_clusters = nullptr;
    QComboBox* m_exchangeBox = nullptr;
    SymbolPicker* m_symbolPicker = nullptr;
    QComboBox* m_lookbackBox = nullptr;
    QAction* m_mapAction = nullptr;
    QAction* m_heatmapAction = nullptr;
    QAction* m_darkAction = nullptr;
    QAction* m_lightAction = nullptr;
    QAction* m_colourBlindAction = nullptr;
    QMenu* m_tierMenu = nullptr;
    QLabel* m_stateLabel = nullptr;
    QLabel* m_coverageLabel = nullptr;
    QLabel* m_rateLabel = nullptr;
    QLabel* m_busyLabel = nullptr;  // "window busy: 58 map updates skipped", while recent
    QProgressBar* m_progress = nullptr;
    QTimer* m_statusTimer = nullptr;

    std::string m_exchange;
    std::string m_symbol;
    core::LeverageMix m_mix = core::LeverageMix::defaultMix();
    bool m_customMix = false;  // the user's own mix (taken as given) or the default (fitted)
    ChartView m_view = ChartView::Map;
    ChartPalette m_palette;
    std::vector<double> m_hiddenTiers;
    std::vector<double> m_tierMenuLeverages;
    std::shared_ptr<const MapSnapshot> m_snapshot;

    // Background threads hand results over through these slots (under m_handoffMutex) and ring
    // m_doorbell; the GUI thread takes them (ThreadDoorbell explains why not a queued call).
    struct PendingSnapshot {
        std::uint64_t engineId = 0;
        std::shared_ptr<const MapSnapshot> snapshot;
    };
    struct PendingSymbols {
        std::uint64_t fetchId = 0;
        std::string exchange;
        std::vector<std::string> symbols;
        std::string error;
    };
    ThreadDoorbell* m_doorbell = nullptr;
    mutable std::mutex m_handoffMutex;
    std::optional<PendingSnapshot> m_pendingSnapshot;  // only the newest: older ones are stale
    std::optional<PendingSymbols> m_pendingSymbols;
    std::uint64_t m_skippedSnapshots = 0;  // replaced in m_pendingSnapshot before a take

    // GUI thread: what the "window busy" note says. A hold-up is a run of takes that each found
    // skips; a take that found none ends it, and the note stays up to 10 s after its last skip.
    std::uint64_t m_shownSnapshots = 0;
    std::uint64_t m_skippedAtLastTake = 0;
    std::uint64_t m_skippedInHoldUp = 0;  // 0 once a take found no skip or the note timed out
    std::chrono::steady_clock::time_point m_lastSkipSeenAt;

    std::unique_ptr<MapEngine> m_engine;
    /// Engines being stopped, and symbol-list fetches, in the background; joined on close.
    std::vector<std::thread> m_background;
    std::uint64_t m_engineId = 0;  // numbers the engines, so a retired one's snapshots drop
    std::uint64_t m_lastMessages = 0;
    std::chrono::steady_clock::time_point m_lastStatusAt;  // the status bar's previous update
    /// Symbol lists fetched this session, by exchange key.
    std::map<std::string, QStringList> m_symbolLists;
    // The instrument-list fetch for the picker: its own idle network thread (the engines'
    // come and go), the catalogs of the fetch running now (cancelled on a switch or close),
    // and the worker thread that waits for them.
    std::unique_ptr<exchange::NetworkThread> m_catalogNetwork;
    std::vector<std::shared_ptr<exchange::InstrumentCatalog>> m_catalogs;
    std::thread m_catalogThread;
    std::uint64_t m_fetchId = 0;  // a fetch's answer counts only while it is the latest
    bool m_switching = false;
};

}  // namespace liqmap::gui
