#pragma once

#include <QMainWindow>
#include <cstdint>  // std::uint64_t
#include <memory>   // std::unique_ptr, std::shared_ptr
#include <string>   // std::string
#include <thread>   // std::thread
#include <vector>   // std::vector

#include "liqmap/gui/map_engine.h"
#include "liqmap/gui/map_snapshot.h"

class QAction;
class QComboBox;
class QLabel;
class QProgressBar;
class QTimer;

namespace liqmap::gui {

class LiquidationMapWidget;
class TopClustersPanel;

/// What the window starts on: from the command line, else the saved settings, else the demo.
struct WindowOptions {
    std::string exchange;         ///< binance, bybit, okx, hyperliquid, all, demo; empty: saved
    std::string symbol;           ///< empty: saved, or the exchange's default
    bool restoreSettings = true;  ///< tests start from a clean slate
};

/// The desktop app's window: a toolbar to pick exchange, symbol and lookback, the liquidation
/// map, and a status bar with the feed's state. Switching exchange or symbol replaces the engine;
/// the old one is stopped on a background thread so the window never freezes, and the chart is
/// cleared at once so no bar of the previous symbol stays on screen.
class MainWindow : public QMainWindow {
    Q_OBJECT

public:
    explicit MainWindow(WindowOptions options, QWidget* parent = nullptr);
    ~MainWindow() override;

    LiquidationMapWidget* chart() const { return m_chart; }
    TopClustersPanel* clusters() const { return m_clusters; }
    /// The exchange key ("demo") and symbol the engine runs now.
    const std::string& exchange() const { return m_exchange; }
    const std::string& symbol() const { return m_symbol; }
    /// Starts over on another exchange and/or symbol (what the toolbar does).
    void select(const std::string& exchange, const std::string& symbol);

    /// The symbol a venue's picker offers first.
    static std::string defaultSymbol(const std::string& exchange);

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    void buildToolbar();
    void buildMenus();
    void buildStatusBar();
    void fillSymbols();
    void startEngine();
    void retireEngine();
    void showSnapshot(std::shared_ptr<const MapSnapshot> snapshot);
    void updateStatus();
    void exportPng();
    void saveSettings() const;

    LiquidationMapWidget* m_chart = nullptr;
    TopClustersPanel* m_clusters = nullptr;
    QComboBox* m_exchangeBox = nullptr;
    QComboBox* m_symbolBox = nullptr;
    QComboBox* m_lookbackBox = nullptr;
    QLabel* m_stateLabel = nullptr;
    QLabel* m_rateLabel = nullptr;
    QProgressBar* m_progress = nullptr;
    QTimer* m_statusTimer = nullptr;

    std::string m_exchange;
    std::string m_symbol;
    std::unique_ptr<MapEngine> m_engine;
    /// Engines being stopped in the background; joined when the window closes.
    std::vector<std::thread> m_retiring;
    std::uint64_t m_engineId = 0;  // numbers the engines, so a retired one's snapshots drop
    std::uint64_t m_lastMessages = 0;
    bool m_switching = false;
};

}  // namespace liqmap::gui
