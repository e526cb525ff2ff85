#include "liqmap/gui/leverage_mix_dialog.h"

#include <QColor>
#include <QDialogButtonBox>
#include <QFont>
#include <QGridLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPalette>
#include <QPushButton>
#include <QStringList>
#include <QStyledItemDelegate>
#include <QTableWidget>
#include <QVBoxLayout>
#include <algorithm>    // std::find
#include <charconv>     // std::from_chars
#include <cmath>        // std::abs, std::isfinite
#include <limits>       // std::numeric_limits
#include <optional>     // std::optional
#include <string>       // std::string
#include <string_view>  // std::string_view
#include <utility>      // std::move, std::pair
#include <vector>       // std::vector

#include "chart_drawing.h"
#include "liqmap/core/config_error.h"
#include "liqmap/core/number_text.h"

namespace liqmap::gui {

namespace {

// The exact weight (a fraction of 1) behind a share the dialog wrote itself; cleared when the
// user edits the cell, whose text then counts.
constexpr int kExactWeightRole = Qt::UserRole + 1;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

using chart::fromStd;
using chart::leverageText;

QString shareText(double weight) {
    return QString::number(weight * 100, 'f', 2) + QStringLiteral(" %");
}

// "95", "99.99", "100.5": two decimals at most, no trailing zeros.
QString percentSumText(double percent) {
    QString text = QString::number(percent, 'f', 2);
    while (text.endsWith(QLatin1Char('0'))) {
        text.chop(1);
    }
    if (text.endsWith(QLatin1Char('.'))) {
        text.chop(1);
    }
    return text == QStringLiteral("-0") ? QStringLiteral("0") : text;
}

enum class CellKind { Number, Empty, NotANumber };

struct CellValue {
    CellKind kind = CellKind::Empty;
    double value = kNaN;  // NaN unless kind is Number, so the constructor names the row
    std::string number;   // the number as read, for percentToWeight
};

// Reads "25", "25x", " 12.5 X", "30 %", ".5" the way a person types them; anything else is not a
// number. The conversion itself is core::parseDecimal (exact and checked, like all our input).
CellValue readCell(const QTableWidgetItem* item, QChar unit) {
    QString text = item != nullptr ? item->text().trimmed() : QString();
    if (text.endsWith(unit, Qt::CaseInsensitive)) {
        text.chop(1);
        text = text.trimmed();
    }
    if (text.isEmpty()) {
        return {};
    }
    if (text.startsWith(QLatin1Char('.'))) {
        text.prepend(QLatin1Char('0'));  // JSON's grammar wants the leading zero; people don't
    }
    std::string number = text.toStdString();
    const std::optional<double> value = core::parseDecimal(number);
    if (!value) {
        return {CellKind::NotANumber, kNaN, {}};
    }
    return {CellKind::Number, *value, std::move(number)};
}

// A typed percentage as a weight, rounded once: "33.33" is read as "33.33e-2", the double
// nearest 0.3333 (as the settings text "0.3333" reads back), where 33.33 / 100 would round twice
// and land one unit off (0.33330000000000004).
double percentToWeight(const CellValue& cell) {
    if (cell.kind != CellKind::Number) {
        return kNaN;
    }
    if (cell.number.find_first_of("eE") == std::string::npos) {
        if (const std::optional<double> weight = core::parseDecimal(cell.number + "e-2")) {
            return *weight;
        }
    }
    return cell.value / 100;  // already has an exponent, or underflows: divide
}

// The row index in a ConfigError field such as "leverage.tiers[2]"; nullopt for another field.
std::optional<std::size_t> fieldIndex(const std::string& field, std::string_view prefix) {
    if (field.size() <= prefix.size() + 1 || field.compare(0, prefix.size(), prefix) != 0 ||
        field.back() != ']') {
        return std::nullopt;
    }
    const char* first = field.data() + prefix.size();
    const char* last = field.data() + field.size() - 1;
    std::size_t index = 0;
    const auto [end, error] = std::from_chars(first, last, index);
    if (error != std::errc() || end != last) {
        return std::nullopt;
    }
    return index;
}

// Commits every keystroke, so the message, the total and OK follow the typing instead of
// waiting for Enter or a click elsewhere.
class LiveCommitDelegate : public QStyledItemDelegate {
public:
    using QStyledItemDelegate::QStyledItemDelegate;

    QWidget* createEditor(QWidget* parent, const QStyleOptionViewItem& option,
                          const QModelIndex& index) const override {
        QWidget* editor = QStyledItemDelegate::createEditor(parent, option, index);
        if (auto* line = qobject_cast<QLineEdit*>(editor)) {
            // commitData is a signal of this (logically const) delegate.
            auto* self = const_cast<LiveCommitDelegate*>(this);
            QObject::connect(line, &QLineEdit::textEdited, self,
                             [self, line] { Q_EMIT self->commitData(line); });
        }
        return editor;
    }

    void setEditorData(QWidget* editor, const QModelIndex& index) const override {
        // The view pushes each change of the cell back into its open editor; setting the text
        // the editor already holds would move the cursor to the end while the user types.
        const auto* line = qobject_cast<const QLineEdit*>(editor);
        if (line != nullptr && line->text() == index.data(Qt::EditRole).toString()) {
            return;
        }
        QStyledItemDelegate::setEditorData(editor, index);
    }
};

}  // namespace

LeverageMixDialog::LeverageMixDialog(const core::LeverageMix& current, QWidget* parent)
    : QDialog(parent) {
    setWindowTitle(tr("Leverage mix"));

    auto* explanation = new QLabel(
        tr("The leverage mix is the leverage traders are assumed to use when they open new "
           "positions, and the share of new positions each leverage gets. The map places "
           "liquidation levels with it, so changing it changes the estimate, not the market "
           "data."),
        this);
    explanation->setWordWrap(true);

    m_table = new QTableWidget(0, 2, this);
    m_table->setObjectName(QStringLiteral("tierTable"));
    m_table->setHorizontalHeaderLabels({tr("Leverage"), tr("Share of new positions")});
    // The leverage column as narrow as its numbers, so the long share heading fits at 300 px.
    m_table->horizontalHeader()->setSectionResizeMode(kLeverageColumn,
                                                      QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setItemDelegate(new LiveCommitDelegate(m_table));
    m_table->setToolTip(tr("Leverage as 25 or 25x; share in percent as 30 or 30 %."));

    const auto makeButton = [this](const QString& text, const char* name) {
        auto* button = new QPushButton(text, this);
        button->setObjectName(QString::fromLatin1(name));
        button->setAutoDefault(false);  // Enter belongs to the cell editor and to OK
        return button;
    };
    m_addButton = makeButton(tr("Add tier"), "addTierButton");
    m_removeButton = makeButton(tr("Remove tier"), "removeTierButton");
    m_spreadButton = makeButton(tr("Spread evenly"), "spreadEvenlyButton");
    m_scaleButton = makeButton(tr("Scale to 100 %"), "scaleTo100Button");
    m_resetButton = makeButton(tr("Reset to default"), "resetButton");
    m_spreadButton->setToolTip(tr("Give every tier the same share."));
    m_scaleButton->setToolTip(
        tr("Keep the proportions between the shares and make them add up "
           "to 100 %."));
    m_resetButton->setToolTip(tr("Go back to the built-in mix."));

    m_totalLabel = new QLabel(this);
    m_totalLabel->setObjectName(QStringLiteral("totalLabel"));
    QFont bold = m_totalLabel->font();
    bold.setBold(true);
    m_totalLabel->setFont(bold);

    m_messageLabel = new QLabel(this);
    m_messageLabel->setObjectName(QStringLiteral("validationMessage"));
    m_messageLabel->setWordWrap(true);
    // A red readable on both the light and the dark theme.
    QPalette messagePalette = m_messageLabel->palette();
    messagePalette.setColor(QPalette::WindowText, QColor(0xe0, 0x4a, 0x3f));
    m_messageLabel->setPalette(messagePalette);
    m_messageLabel->setFont(bold);

    m_warningLabel = new QLabel(this);
    m_warningLabel->setObjectName(QStringLiteral("venueWarning"));
    m_warningLabel->setWordWrap(true);
    m_warningLabel->setVisible(false);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_okButton = buttons->button(QDialogButtonBox::Ok);
    m_okButton->setObjectName(QStringLiteral("okButton"));
    buttons->button(QDialogButtonBox::Cancel)->setObjectName(QStringLiteral("cancelButton"));

    // Two buttons a row so the dialog still fits 300 px.
    auto* tools = new QGridLayout;
    tools->addWidget(m_addButton, 0, 0);
    tools->addWidget(m_removeButton, 0, 1);
    tools->addWidget(m_spreadButton, 1, 0);
    tools->addWidget(m_scaleButton, 1, 1);
    tools->addWidget(m_resetButton, 2, 0);
    tools->addWidget(m_totalLabel, 2, 1, Qt::AlignRight);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(explanation);
    layout->addWidget(m_table, 1);
    layout->addLayout(tools);
    layout->addWidget(m_messageLabel);
    layout->addWidget(m_warningLabel);
    layout->addWidget(buttons);

    connect(m_addButton, &QPushButton::clicked, this, &LeverageMixDialog::addTier);
    connect(m_removeButton, &QPushButton::clicked, this, &LeverageMixDialog::removeTier);
    connect(m_spreadButton, &QPushButton::clicked, this, &LeverageMixDialog::spreadEvenly);
    connect(m_scaleButton, &QPushButton::clicked, this, &LeverageMixDialog::scaleTo100);
    connect(m_resetButton, &QPushButton::clicked, this, &LeverageMixDialog::resetToDefault);
    connect(buttons, &QDialogButtonBox::accepted, this, &LeverageMixDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &LeverageMixDialog::reject);
    connect(m_table, &QTableWidget::itemChanged, this, &LeverageMixDialog::onItemChanged);
    connect(m_table, &QTableWidget::itemSelectionChanged, this, &LeverageMixDialog::updateButtons);
    // Rows added or removed from outside the buttons (a test, a future context menu) count too.
    const auto rowsChanged = [this] {
        if (!m_updating) {
            revalidate();
        }
    };
    connect(m_table->model(), &QAbstractItemModel::rowsInserted, this, rowsChanged);
    connect(m_table->model(), &QAbstractItemModel::rowsRemoved, this, rowsChanged);

    fill(current);
    resize(460, 420);
}

QString LeverageMixDialog::totalText() const { return m_total; }

QString LeverageMixDialog::warningText() const { return m_warning; }

void LeverageMixDialog::setMaxLeverage(double maxLeverage, const QString& venue,
                                       const QString& symbol) {
    m_maxLeverage = std::isfinite(maxLeverage) && maxLeverage > 0 ? maxLeverage : 0;
    m_venue = venue;
    m_symbol = symbol;
    revalidate();
}

void LeverageMixDialog::accept() {
    if (!m_mix) {
        return;
    }
    QDialog::accept();
}

void LeverageMixDialog::fill(const core::LeverageMix& mix) {
    m_updating = true;
    m_table->setRowCount(0);
    for (const core::LeverageTier& tier : mix.tiers()) {
        appendRow(leverageText(tier.leverage), tier.weight);
    }
    m_updating = false;
    revalidate();
}

void LeverageMixDialog::appendRow(const QString& leverage, std::optional<double> weight) {
    const bool wasUpdating = m_updating;
    m_updating = true;
    const int row = m_table->rowCount();
    m_table->insertRow(row);
    m_table->setItem(row, kLeverageColumn, new QTableWidgetItem(leverage));
    m_table->setItem(row, kShareColumn, new QTableWidgetItem());
    m_table->item(row, kLeverageColumn)->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    m_table->item(row, kShareColumn)->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    if (weight) {
        setShare(row, *weight);
    }
    m_updating = wasUpdating;
}

void LeverageMixDialog::setShare(int row, double weight) {
    const bool wasUpdating = m_updating;
    m_updating = true;
    QTableWidgetItem* item = m_table->item(row, kShareColumn);
    if (item == nullptr) {
        item = new QTableWidgetItem();
        item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        m_table->setItem(row, kShareColumn, item);
    }
    item->setData(kExactWeightRole, weight);
    item->setText(shareText(weight));
    m_updating = wasUpdating;
}

std::optional<double> LeverageMixDialog::sharePercent(int row) const {
    const QTableWidgetItem* item = m_table->item(row, kShareColumn);
    if (item != nullptr) {
        const QVariant exact = item->data(kExactWeightRole);
        if (exact.isValid()) {
            return exact.toDouble() * 100;
        }
    }
    const CellValue cell = readCell(item, QLatin1Char('%'));
    if (cell.kind != CellKind::Number) {
        return std::nullopt;
    }
    return cell.value;
}

void LeverageMixDialog::addTier() {
    if (m_table->rowCount() >= static_cast<int>(core::LeverageMix::kMaxTiers)) {
        return;
    }
    // An empty leverage and a zero share: the message then asks for the leverage, and the mix
    // stays valid-looking only once the user has typed one.
    m_updating = true;
    appendRow(QString(), 0.0);
    m_updating = false;
    const int row = m_table->rowCount() - 1;
    revalidate();
    m_table->setCurrentCell(row, kLeverageColumn);
    m_table->editItem(m_table->item(row, kLeverageColumn));
}

void LeverageMixDialog::removeTier() {
    const QList<QTableWidgetItem*> selected = m_table->selectedItems();
    if (selected.isEmpty()) {
        return;
    }
    m_updating = true;
    m_table->removeRow(selected.front()->row());
    m_updating = false;
    revalidate();
}

void LeverageMixDialog::spreadEvenly() {
    const int rows = m_table->rowCount();
    if (rows == 0) {
        return;
    }
    for (int row = 0; row < rows; ++row) {
        setShare(row, 1.0 / rows);
    }
    revalidate();
}

void LeverageMixDialog::scaleTo100() {
    const int rows = m_table->rowCount();
    std::vector<double> percents;
    double sum = 0;
    for (int row = 0; row < rows; ++row) {
        const std::optional<double> percent = sharePercent(row);
        if (!percent || *percent < 0) {
            return;  // the button is disabled then; nothing sensible to scale
        }
        percents.push_back(*percent);
        sum += *percent;
    }
    if (!(sum > 0) || !std::isfinite(sum)) {
        return;
    }
    for (int row = 0; row < rows; ++row) {
        setShare(row, percents[static_cast<std::size_t>(row)] / sum);
    }
    revalidate();
}

void LeverageMixDialog::resetToDefault() { fill(core::LeverageMix::defaultMix()); }

void LeverageMixDialog::onItemChanged(QTableWidgetItem* item) {
    if (m_updating) {
        return;
    }
    if (item->column() == kShareColumn && item->data(kExactWeightRole).isValid()) {
        // The user typed over a share the dialog computed: from now on the text counts.
        m_updating = true;
        item->setData(kExactWeightRole, QVariant());
        m_updating = false;
    }
    revalidate();
}

void LeverageMixDialog::revalidate() {
    const int rows = m_table->rowCount();
    const auto count = static_cast<std::size_t>(rows);
    std::vector<core::LeverageTier> tiers(count);
    std::vector<CellKind> leverageKinds(count);
    std::vector<CellKind> shareKinds(count);
    double percentSum = 0;
    for (int row = 0; row < rows; ++row) {
        const auto i = static_cast<std::size_t>(row);
        const CellValue leverage = readCell(m_table->item(row, kLeverageColumn), QLatin1Char('x'));
        tiers[i].leverage = leverage.value;
        leverageKinds[i] = leverage.kind;
        const QTableWidgetItem* shareItem = m_table->item(row, kShareColumn);
        const QVariant exact =
            shareItem != nullptr ? shareItem->data(kExactWeightRole) : QVariant();
        if (exact.isValid()) {
            tiers[i].weight = exact.toDouble();
            shareKinds[i] = CellKind::Number;
            percentSum += tiers[i].weight * 100;
        } else {
            const CellValue share = readCell(shareItem, QLatin1Char('%'));
            tiers[i].weight = percentToWeight(share);
            shareKinds[i] = share.kind;
            percentSum += share.value;
        }
    }

    // The cells the message is about: one, or both copies of a repeated leverage.
    std::vector<std::pair<int, int>> badCells;
    m_mix.reset();
    m_message.clear();
    try {
        try {
            m_mix.emplace(tiers);
        } catch (const core::ConfigError& error) {
            // Shares typed to two decimals that add up to 100 % (33.333 × 3) must not fail the
            // constructor's 1e-9 check: rescale the weights to sum 1 and ask it again.
            if (error.field() != "leverage.weights" ||
                !(std::abs(percentSum - 100) <= kPercentSumTolerance)) {
                throw;
            }
            double weightSum = 0;
            for (const core::LeverageTier& tier : tiers) {
                weightSum += tier.weight;
            }
            for (core::LeverageTier& tier : tiers) {
                tier.weight /= weightSum;
            }
            m_mix.emplace(tiers);  // a copy: the messages below still read the rows
        }
    } catch (const core::ConfigError& error) {
        const std::string& field = error.field();
        if (field == "leverage") {
            m_message = rows == 0 ? tr("Add at least one tier.")
                        : count > core::LeverageMix::kMaxTiers
                            ? tr("At most %1 tiers.").arg(core::LeverageMix::kMaxTiers)
                            : fromStd(error.what());
        } else if (field == "leverage.weights") {
            m_message = tr("The shares add up to %1 %; they must add up to 100 %.")
                            .arg(percentSumText(percentSum));
        } else if (const auto tier = fieldIndex(field, "leverage.tiers["); tier && *tier < count) {
            badCells.emplace_back(static_cast<int>(*tier), kLeverageColumn);
            const double leverage = tiers[*tier].leverage;
            const int shown = static_cast<int>(*tier) + 1;
            if (leverageKinds[*tier] == CellKind::Empty) {
                m_message = tr("Row %1: enter a leverage.").arg(shown);
            } else if (leverageKinds[*tier] == CellKind::NotANumber) {
                m_message = tr("Row %1: not a number.").arg(shown);
            } else if (!(leverage > 1)) {
                m_message = tr("Leverage must be above 1x (row %1).").arg(shown);
            } else {
                m_message = tr("%1 appears twice.").arg(leverageText(leverage));
                for (std::size_t j = 0; j < *tier; ++j) {
                    if (tiers[j].leverage == leverage) {
                        badCells.emplace_back(static_cast<int>(j), kLeverageColumn);
                    }
                }
            }
        } else if (const auto share = fieldIndex(field, "leverage.weights[");
                   share && *share < count) {
            badCells.emplace_back(static_cast<int>(*share), kShareColumn);
            const int shown = static_cast<int>(*share) + 1;
            if (shareKinds[*share] == CellKind::Empty) {
                m_message = tr("Row %1: enter a share.").arg(shown);
            } else if (shareKinds[*share] == CellKind::NotANumber) {
                m_message = tr("Row %1: not a number.").arg(shown);
            } else {
                m_message = tr("Row %1: a share cannot be negative.").arg(shown);
            }
        } else {
            m_message = fromStd(error.what());  // a rule added to the core later; still shown
        }
    }

    m_total = std::isfinite(percentSum) ? tr("Total: %1 %").arg(percentSumText(percentSum))
                                        : tr("Total: –");
    m_totalLabel->setText(m_total);
    m_messageLabel->setText(m_message);
    m_messageLabel->setVisible(!m_message.isEmpty());

    // The venue cap: a warning, not an error, since the mix may be meant for another market.
    m_warning.clear();
    if (m_maxLeverage > 0) {
        QStringList above;
        for (std::size_t i = 0; i < count; ++i) {
            if (leverageKinds[i] == CellKind::Number && tiers[i].leverage > m_maxLeverage) {
                above << leverageText(tiers[i].leverage);
            }
        }
        if (!above.isEmpty()) {
            const QString market = m_venue.isEmpty() || m_symbol.isEmpty()
                                       ? tr("This market caps leverage")
                                       : tr("%1 caps %2").arg(m_venue, m_symbol);
            m_warning =
                tr("%1 at %2; tiers above are rejected by the estimator (%3).")
                    .arg(market, leverageText(m_maxLeverage), above.join(QStringLiteral(", ")));
        }
    }
    m_warningLabel->setText(m_warning);
    m_warningLabel->setVisible(!m_warning.isEmpty());

    // Tint the cell the message is about, and only that one.
    m_updating = true;
    for (int row = 0; row < rows; ++row) {
        for (int column = 0; column < 2; ++column) {
            if (QTableWidgetItem* item = m_table->item(row, column)) {
                const bool bad = std::find(badCells.begin(), badCells.end(),
                                           std::make_pair(row, column)) != badCells.end();
                item->setData(Qt::BackgroundRole,
                              bad ? QVariant(QColor(0xe0, 0x4a, 0x3f, 90)) : QVariant());
            }
        }
    }
    m_updating = false;
    updateButtons();
}

void LeverageMixDialog::updateButtons() {
    const int rows = m_table->rowCount();
    m_addButton->setEnabled(rows < static_cast<int>(core::LeverageMix::kMaxTiers));
    m_removeButton->setEnabled(!m_table->selectedItems().isEmpty());
    m_spreadButton->setEnabled(rows > 0);
    bool scalable = rows > 0;
    double sum = 0;
    for (int row = 0; row < rows && scalable; ++row) {
        const std::optional<double> percent = sharePercent(row);
        scalable = percent && *percent >= 0;
        sum += scalable ? *percent : 0;
    }
    m_scaleButton->setEnabled(scalable && sum > 0 && std::isfinite(sum));
    m_okButton->setEnabled(m_mix.has_value());
}

}  // namespace liqmap::gui
