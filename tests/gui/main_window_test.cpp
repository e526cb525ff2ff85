// The main window on the built-in simulated exchange (loopback TLS) and on venues whose feeds
// point at a closed loopback port: settings round-trip, switching symbol clears the old data
// at once and no late snapshot of the old engine reaches the charts, exports write the bins of
// the snapshot shown.
#include "liqmap/gui/main_window.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <cstdlib>  // std::strtod
#include <memory>   // std::shared_ptr
#include <string>   // std::string

#include "liqmap/exchange/instrument_catalog.h"
#include "liqmap/gui/heatmap_widget.h"
#include "liqmap/gui/leverage_mix_dialog.h"
#include "liqmap/gui/liquidation_map_widget.h"
#include "liqmap/gui/symbol_picker.h"
#include "liqmap/gui/top_clusters_panel.h"
#include "support/fixture_file.h"
#include "support/loopback_exchange.h"

namespace liqmap::gui {
namespace {

// A short, fast demo (2 h of history at 60×), and every real venue pointed at 127.0.0.1:9,
// where nothing listens: tests never leave the machine.
void adjustForTests(EngineOptions& engine) {
    engine.demo.history = std::chrono::hours(2);
    engine.demo.speed = 60;
    engine.adjustFeed = [](exchange::FeedOptions& feed) {
        if (feed.endpoints.restBaseUrl.find("127.0.0.1") == std::string::npos) {
            feed.endpoints.restBaseUrl = "https://127.0.0.1:9";
            feed.endpoints.webSocketBaseUrl = "wss://127.0.0.1:9";
        }
    };
}

WindowOptions testOptions(const QString& settingsFile, std::string exchange = "demo",
                          std::string symbol = {}) {
    WindowOptions options;
    options.exchange = std::move(exchange);
    options.symbol = std::move(symbol);
    options.settingsFile = settingsFile;
    options.fetchSymbolLists = false;
    options.adjustEngine = adjustForTests;
    return options;
}

// Pumps events until the window shows a live map (the history is in) with notional on both
// sides, or 60 s pass.
bool waitForMap(MainWindow& window) {
    QElapsedTimer timer;
    timer.start();
    while (timer.elapsed() < 60'000) {
        const auto& snapshot = window.snapshot();
        if (snapshot && snapshot->state == FeedState::Live && snapshot->map &&
            snapshot->map->total().totalLong() > 0 && snapshot->map->total().totalShort() > 0) {
            return true;
        }
        QTest::qWait(20);
    }
    return false;
}

}  // namespace

class MainWindowTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void settingsRoundTrip() {
        QTemporaryDir dir;
        const QString file = dir.filePath(QStringLiteral("liqmap.ini"));
        {
            MainWindow window(testOptions(file, "bybit", "ETHUSDT"));
            window.setLookbackDays(7);
            window.setLeverageMix(core::LeverageMix::parse("10:0.5,20:0.5"));
            window.setView(ChartView::Heatmap);
            window.setChartPalette(ChartTheme::Light, SideColours::OrangeBlue);
            window.setHiddenTiers({20});
            window.saveSettings();
        }
        // No exchange on the command line: everything comes back from the file.
        MainWindow restored(testOptions(file, ""));
        QCOMPARE(restored.exchange(), std::string("bybit"));
        QCOMPARE(restored.symbol(), std::string("ETHUSDT"));
        QCOMPARE(restored.lookbackDays(), 7);
        QCOMPARE(restored.leverageMix().toString(), std::string("10:0.5,20:0.5"));
        QCOMPARE(restored.view(), ChartView::Heatmap);
        QCOMPARE(restored.chartPalette().theme, ChartTheme::Light);
        QCOMPARE(restored.chartPalette().sides, SideColours::OrangeBlue);
        QCOMPARE(restored.chart()->hiddenTiers(), std::vector<double>{20});

        // The command line wins over the file; a broken saved mix falls back to the default.
        QSettings(file, QSettings::IniFormat)
            .setValue(QStringLiteral("leverageMix"), QStringLiteral("10:0.7,20:0.7"));
        MainWindow overridden(testOptions(file, "okx", "BTC-USDT-SWAP"));
        QCOMPARE(overridden.exchange(), std::string("okx"));
        QCOMPARE(overridden.symbol(), std::string("BTC-USDT-SWAP"));
        QCOMPARE(overridden.leverageMix().toString(), core::LeverageMix::defaultMix().toString());
    }

    void symbolPickerIsFilledFromTheVenuesInstrumentList() {
        // A loopback venue answering Binance's exchangeInfo with our own body (tests/data), and
        // Bybit's instrument list with an error.
        test::LoopbackExchange server;
        server.setHttpHandler([](const test::HttpRequestInfo& request) {
            test::HttpReply reply;
            if (request.target == "/fapi/v1/exchangeInfo") {
                reply.body = test::readTestData("binance/exchange_info_picker.json");
            } else {
                reply.status = 500;
                reply.body = "Internal error";
            }
            return reply;
        });
        QTemporaryDir dir;
        WindowOptions options =
            testOptions(dir.filePath(QStringLiteral("p.ini")), "binance", "ETHUSDT");
        options.fetchSymbolLists = true;
        options.adjustCatalog = [&server](exchange::InstrumentCatalogOptions& catalog) {
            catalog.endpoints = {server.restBaseUrl(), server.webSocketBaseUrl()};
            catalog.tls.extraCaPem = server.certificatePem();
            catalog.maxAttempts = 1;
        };
        MainWindow window(options);
        auto* picker = window.findChild<SymbolPicker*>(QStringLiteral("symbolPicker"));
        QVERIFY(picker != nullptr);
        QVERIFY(picker->isLoading());
        QTRY_VERIFY_WITH_TIMEOUT(!picker->isLoading(), 20'000);
        // BTC, ETH, SOL first, then the rest alphabetically; the dated future and the
        // BTC-quoted pair of that body are left out (InstrumentCatalog's filter).
        QCOMPARE(picker->symbols(),
                 (QStringList{QStringLiteral("BTCUSDT"), QStringLiteral("ETHUSDT"),
                              QStringLiteral("SOLUSDC"), QStringLiteral("1000PEPEUSDT"),
                              QStringLiteral("AAVEUSDT")}));
        QCOMPARE(picker->currentSymbol(), QStringLiteral("ETHUSDT"));

        // Bybit's list fails: the symbol stays usable and the tooltip says why.
        window.select("bybit", "BTCUSDT");
        QTRY_VERIFY_WITH_TIMEOUT(!picker->isLoading(), 20'000);
        QVERIFY(picker->symbols().isEmpty());
        QVERIFY2(picker->toolTip().contains(QStringLiteral("HTTP 500")),
                 qPrintable(picker->toolTip()));
        QCOMPARE(picker->currentSymbol(), QStringLiteral("BTCUSDT"));
    }

    void theToolbarsLeverageMixEditorRestartsTheEngineWithTheNewMix() {
        QTemporaryDir dir;
        MainWindow window(testOptions(dir.filePath(QStringLiteral("m.ini"))));
        QAction* editor = nullptr;
        for (QAction* action : window.findChildren<QAction*>()) {
            if (action->text() == QStringLiteral("Leverage mix…")) {
                editor = action;
            }
        }
        QVERIFY(editor != nullptr);
        QCOMPARE(editor->shortcut(), QKeySequence(QStringLiteral("Ctrl+L")));
        // The dialog is modal: act on it once it is open. Spread evenly over the five default
        // tiers gives 1/5 each.
        bool sawDialog = false;
        QTimer::singleShot(0, &window, [&sawDialog] {
            auto* dialog = qobject_cast<LeverageMixDialog*>(QApplication::activeModalWidget());
            if (dialog != nullptr) {
                sawDialog = true;
                dialog->spreadEvenlyButton()->click();
                dialog->okButton()->click();
            }
        });
        editor->trigger();
        QVERIFY(sawDialog);
        QCOMPARE(window.leverageMix().toString(),
                 std::string("5:0.2,10:0.2,25:0.2,50:0.2,100:0.2"));
        QVERIFY2(waitForMap(window), "no demo map with the new mix within 60 s");
        // The map is built with the mix's tiers.
        QCOMPARE(window.snapshot()->map->total().leverages(),
                 (std::vector<double>{5, 10, 25, 50, 100}));
    }

    void aboutNamesTheModelAndTheUserGuide() {
        QTemporaryDir dir;
        MainWindow window(testOptions(dir.filePath(QStringLiteral("a.ini"))));
        QAction* about = nullptr;
        for (QAction* action : window.findChildren<QAction*>()) {
            if (action->text() == QStringLiteral("&About liqmap")) {
                about = action;
            }
        }
        QVERIFY(about != nullptr);
        QString text;
        QTimer::singleShot(0, &window, [&text] {
            if (auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget())) {
                text = box->text();
                box->accept();
            }
        });
        about->trigger();
        QVERIFY(text.contains(QStringLiteral("<b>estimate</b>, not a prediction")));
        QVERIFY(text.contains(QStringLiteral("/docs/user-guide.md</a>")));
    }

    void switchingSymbolClearsTheOldDataAtOnce() {
        QTemporaryDir dir;
        MainWindow window(testOptions(dir.filePath(QStringLiteral("s.ini"))));
        QVERIFY2(waitForMap(window), "no demo map within 60 s");
        QCOMPARE(window.chart()->snapshot()->symbol, std::string("BTCUSDT"));
        QVERIFY(window.clusters()->table()->rowCount() > 0);
        // The status bar says how much history the map rests on: the demo's 2 hours, to 0.1 h.
        auto* coverage = window.findChild<QLabel*>(QStringLiteral("coverageLabel"));
        QVERIFY(coverage != nullptr);
        QCOMPARE(
            coverage->text(),
            QStringLiteral("%1 h of OI history").arg(window.snapshot()->coverageHours, 0, 'f', 1));
        QVERIFY(window.snapshot()->coverageHours > 1.5);

        window.select("bybit", "ETHUSDT");
        // Before any event is processed: nothing of BTCUSDT is left on screen.
        QVERIFY(!window.snapshot());
        QVERIFY(!window.chart()->snapshot());
        QVERIFY(!window.heatmap()->snapshot());
        QCOMPARE(window.clusters()->table()->rowCount(), 0);
        QVERIFY(coverage->text().isEmpty());
        // The demo engine posted snapshots that may still be queued; none may reach the charts.
        for (int i = 0; i < 25; ++i) {
            QTest::qWait(20);
            if (const auto& shown = window.chart()->snapshot()) {
                QCOMPARE(shown->symbol, std::string("ETHUSDT"));
                QVERIFY(!shown->map);  // the closed loopback port gives no data
            }
        }
        QCOMPARE(window.symbol(), std::string("ETHUSDT"));
        QVERIFY(window.windowTitle().endsWith(QStringLiteral("Bybit ETHUSDT")));
    }

    void exportCsvGivesTheBinsOfTheSnapshotShown() {
        QTemporaryDir dir;
        MainWindow window(testOptions(dir.filePath(QStringLiteral("e.ini"))));
        const QString path = dir.filePath(QStringLiteral("map.csv"));
        // Nothing to export before the first map: a message, no file.
        window.select("bybit", "ETHUSDT");
        QCOMPARE(window.exportCsv(path), QStringLiteral("There is no map to export yet."));
        QVERIFY(!QFile::exists(path));

        window.select("demo", "BTCUSDT");
        QVERIFY2(waitForMap(window), "no demo map within 60 s");
        const std::shared_ptr<const MapSnapshot> shown = window.snapshot();
        QCOMPARE(window.exportCsv(path), QString());
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QStringList lines =
            QString::fromUtf8(file.readAll()).split(u'\n', Qt::SkipEmptyParts);
        const core::LiquidationMap& map = shown->map->total();
        // A header, then one row per bin: low, high, long, short, then per tier. Numbers are
        // written in shortest round-trip form, so they read back exactly.
        QCOMPARE(lines.size(), static_cast<qsizetype>(map.binCount() + 1));
        QVERIFY(lines.front().startsWith(
            QStringLiteral("price_low,price_high,long_notional,short_notional,long_")));
        for (std::size_t bin = 0; bin < map.binCount(); ++bin) {
            const QStringList fields = lines[static_cast<qsizetype>(bin + 1)].split(u',');
            QCOMPARE(fields.size(), static_cast<qsizetype>(4 + 2 * map.tierCount()));
            QCOMPARE(std::strtod(fields[0].toLatin1().constData(), nullptr), map.binLow(bin));
            QCOMPARE(std::strtod(fields[1].toLatin1().constData(), nullptr), map.binHigh(bin));
            QCOMPARE(std::strtod(fields[2].toLatin1().constData(), nullptr), map.longNotional(bin));
            QCOMPARE(std::strtod(fields[3].toLatin1().constData(), nullptr),
                     map.shortNotional(bin));
        }

        const QString json = dir.filePath(QStringLiteral("map.json"));
        QCOMPARE(window.exportJson(json), QString());
        QFile jsonFile(json);
        QVERIFY(jsonFile.open(QIODevice::ReadOnly));
        const QByteArray text = jsonFile.readAll();
        QVERIFY(text.contains("\"symbol\":\"BTCUSDT\""));
        QVERIFY(text.contains("\"exchange\":\"Demo\""));

        const QString png = dir.filePath(QStringLiteral("map.png"));
        QCOMPARE(window.exportPng(png), QString());
        QVERIFY(QFile(png).size() > 1000);
        // An unwritable place gives the reason, not a crash.
        QVERIFY(window.exportCsv(dir.filePath(QStringLiteral("missing/dir/map.csv")))
                    .startsWith(QStringLiteral("Could not write ")));
    }
};

}  // namespace liqmap::gui

int main(int argc, char** argv) {
    QApplication app(argc, argv);
    liqmap::gui::MainWindowTest test;
    return QTest::qExec(&test, argc, argv);
}

#include "main_window_test.moc"
