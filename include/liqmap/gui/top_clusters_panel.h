#pragma once

#include <QWidget>
#include <memory>  // std::shared_ptr

#include "liqmap/gui/map_snapshot.h"

class QTableWidget;

namespace liqmap::gui {

/// The "Top clusters" side panel: the five largest long and five largest short clusters of
/// the current map (core::topClusters) with price, notional, distance from the current price
/// and the cumulative notional to there. Clicking a row asks the chart to centre on it.
class TopClustersPanel : public QWidget {
    Q_OBJECT

public:
    static constexpr int kPerSide = 5;

    explicit TopClustersPanel(QWidget* parent = nullptr);

    /// Refills the table from the snapshot's total map (empty without a map).
    void setSnapshot(const std::shared_ptr<const MapSnapshot>& snapshot);
    /// The table: a "Longs" heading row, up to five clusters, a "Shorts" heading row, up to
    /// five clusters; columns price, notional, distance, cumulative.
    const QTableWidget* table() const { return m_table; }

Q_SIGNALS:
    /// A cluster row was clicked or activated: the chart should centre on `price`.
    void clusterActivated(double price);

private:
    QTableWidget* m_table = nullptr;
};

}  // namespace liqmap::gui
