#include "liqmap/gui/top_clusters_panel.h"

#include <QHeaderView>
#include <QTableWidget>
#include <QVBoxLayout>
#include <cmath>  // std::log10, std::ceil

#include "liqmap/core/number_text.h"
#include "liqmap/core/top_clusters.h"

namespace liqmap::gui {

namespace {

constexpr int kPriceRole = Qt::UserRole + 1;

QString fromStd(const std::string& text) { return QString::fromStdString(text); }

// Decimals down to a tenth of a bin: enough to tell neighbouring clusters apart (a BTC map's
// 180-wide bins need none, a 1.5-wide bin one).
int decimalsFor(double binWidth) {
    if (!(binWidth > 0)) {
        return 2;
    }
    const int digits = static_cast<int>(std::ceil(-std::log10(binWidth / 10)));
    return digits < 0 ? 0 : digits > 8 ? 8 : digits;
}

}  // namespace

TopClustersPanel::TopClustersPanel(QWidget* parent) : QWidget(parent) {
    m_table = new QTableWidget(0, 4, this);
    m_table->setHorizontalHeaderLabels(
        {tr("Price"), tr("Notional"), tr("Distance"), tr("Cumulative")});
    m_table->verticalHeader()->setVisible(false);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->setToolTip(
        tr("Click a cluster to centre the chart on it. Cumulative: what would "
           "be liquidated between the current price and there."));
    // Wide enough for the four columns of a BTC map ("61309  123M  -3.82 %  369M").
    setMinimumWidth(300);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_table);
    const auto activate = [this](int row, int /*column*/) {
        const QVariant price = m_table->item(row, 0)->data(kPriceRole);
        if (price.isValid()) {
            Q_EMIT clusterActivated(price.toDouble());
        }
    };
    connect(m_table, &QTableWidget::cellClicked, this, activate);
    connect(m_table, &QTableWidget::cellActivated, this, activate);
}

void TopClustersPanel::setSnapshot(const std::shared_ptr<const MapSnapshot>& snapshot) {
    m_table->setRowCount(0);
    if (!snapshot || !snapshot->map) {
        return;
    }
    const core::LiquidationMap& map = snapshot->map->total();
    const int decimals = decimalsFor(map.binWidth());
    for (const core::Side side : {core::Side::Long, core::Side::Short}) {
        const int heading = m_table->rowCount();
        m_table->insertRow(heading);
        auto* title = new QTableWidgetItem(side == core::Side::Long ? tr("Longs") : tr("Shorts"));
        QFont bold = title->font();
        bold.setBold(true);
        title->setFont(bold);
        m_table->setItem(heading, 0, title);
        for (int column = 1; column < 4; ++column) {
            m_table->setItem(heading, column, new QTableWidgetItem());
        }
        for (const core::LiquidationCluster& cluster : core::topClusters(map, side, kPerSide)) {
            const int row = m_table->rowCount();
            m_table->insertRow(row);
            auto* price = new QTableWidgetItem(QString::number(cluster.price, 'f', decimals));
            price->setData(kPriceRole, cluster.price);
            m_table->setItem(row, 0, price);
            m_table->setItem(
                row, 1,
                new QTableWidgetItem(fromStd(core::formatCompactNotional(cluster.notional))));
            m_table->setItem(row, 2,
                             new QTableWidgetItem(QString::number(cluster.distancePercent, 'f', 2) +
                                                  QStringLiteral(" %")));
            m_table->setItem(
                row, 3,
                new QTableWidgetItem(fromStd(core::formatCompactNotional(cluster.cumulative))));
        }
    }
}

}  // namespace liqmap::gui
