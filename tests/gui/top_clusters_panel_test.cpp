// The "Top clusters" panel: what it lists for a hand-made map, and that clicking a cluster
// asks for the chart to centre on its price.
#include "liqmap/gui/top_clusters_panel.h"

#include <QSignalSpy>
#include <QTableWidget>
#include <QTest>
#include <array>   // std::array
#include <memory>  // std::make_shared

#include "liqmap/core/combined_map.h"
#include "liqmap/core/liquidation_map.h"

namespace liqmap::gui {

class TopClustersPanelTest : public QObject {
    Q_OBJECT

private:
    // Twenty bins of 1.5 over [85, 115] around 100. Longs: 300 at 92 (bin 4) and 40 at 86
    // (bin 0); shorts: 500 at 110 (bin 16). With the panel's five-bin windows (half width 2)
    // bin 4's window 2..6 holds 300 and is taken first; bin 0's window 0..2 overlaps it, so
    // the longs list one cluster. Prices show one decimal (a tenth of a 1.5 bin).
    static std::shared_ptr<const MapSnapshot> snapshot() {
        const std::array<core::LiquidationLevel, 3> levels{{{core::Side::Long, 0, 92, 300},
                                                            {core::Side::Long, 0, 86, 40},
                                                            {core::Side::Short, 0, 110, 500}}};
        auto map = core::LiquidationMap::fromLevels({10}, levels, 100, {20, 0.15});
        auto result = std::make_shared<MapSnapshot>();
        result->version = 1;
        result->map = std::make_shared<const core::CombinedMap>(
            std::vector<core::CombinedMap::Source>{{"binance", "BTCUSDT", std::move(map)}});
        return result;
    }

private Q_SLOTS:
    void listsEachSideUnderItsHeading() {
        TopClustersPanel panel;
        panel.setSnapshot(snapshot());
        const QTableWidget& table = *panel.table();
        // Longs heading, bin 4's cluster (price 85 + 4 · 1.5 + 0.75 = 91.75 shown as 91.8,
        // window 2..6 = 300, distance −8.25 %, cumulative from bin 2 up = 300 — bin 0's 40 lies
        // beyond it), Shorts heading, bin 16's cluster (109.75 shown as 109.8, 500, +9.75 %,
        // cumulative up to bin 18 = 500).
        QCOMPARE(table.rowCount(), 4);
        QCOMPARE(table.item(0, 0)->text(), QStringLiteral("Longs"));
        QCOMPARE(table.item(1, 0)->text(), QStringLiteral("91.8"));
        QCOMPARE(table.item(1, 1)->text(), QStringLiteral("300"));
        QCOMPARE(table.item(1, 2)->text(), QStringLiteral("-8.25 %"));
        QCOMPARE(table.item(1, 3)->text(), QStringLiteral("300"));
        QCOMPARE(table.item(2, 0)->text(), QStringLiteral("Shorts"));
        QCOMPARE(table.item(3, 0)->text(), QStringLiteral("109.8"));
        QCOMPARE(table.item(3, 1)->text(), QStringLiteral("500"));
        QCOMPARE(table.item(3, 2)->text(), QStringLiteral("9.75 %"));
        QCOMPARE(table.item(3, 3)->text(), QStringLiteral("500"));
    }

    void clickingAClusterAsksToCentreOnIt() {
        TopClustersPanel panel;
        panel.setSnapshot(snapshot());
        QSignalSpy spy(&panel, &TopClustersPanel::clusterActivated);
        Q_EMIT const_cast<QTableWidget*>(panel.table())->cellClicked(3, 1);
        QCOMPARE(spy.count(), 1);
        QCOMPARE(spy.at(0).at(0).toDouble(), 109.75);
        // A heading row is not a cluster.
        Q_EMIT const_cast<QTableWidget*>(panel.table())->cellClicked(0, 0);
        QCOMPARE(spy.count(), 1);
    }

    void noMapMeansAnEmptyTable() {
        TopClustersPanel panel;
        panel.setSnapshot(snapshot());
        panel.setSnapshot(nullptr);
        QCOMPARE(panel.table()->rowCount(), 0);
    }
};

}  // namespace liqmap::gui

QTEST_MAIN(liqmap::gui::TopClustersPanelTest)
#include "top_clusters_panel_test.moc"
