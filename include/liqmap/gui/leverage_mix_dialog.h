#pragma once

#include <QDialog>
#include <QString>
#include <optional>  // std::optional

#include "liqmap/core/leverage_mix.h"

class QLabel;
class QPushButton;
class QTableWidget;
class QTableWidgetItem;

namespace liqmap::gui {

/// Lets the user edit the leverage mix the estimator assumes: one table row per tier with its
/// leverage ("25x") and its share of new positions in percent ("30.00 %"), buttons to add, remove,
/// spread evenly, scale to 100 % and reset to the default, the live total of the shares, and a
/// message in plain words whenever the mix is not usable; OK is disabled until it is.
///
/// Validation is core::LeverageMix's constructor; the dialog only turns the field of its
/// ConfigError into a sentence naming the row. Rows keep the user's order (messages name rows as
/// shown); mix() is sorted by leverage like every LeverageMix.
///
/// Percent → weight rule: a share typed as text becomes percent / 100, rounded once from the
/// decimal text ("33.33" gives the double nearest 0.3333, as parse("…:0.3333") would). When those
/// weights miss the constructor's 1e-9 sum check but the percentages add up to 100 within 0.005
/// (half the last of the two decimals shown, e.g. 33.333 × 3 = 99.999), every weight is divided
/// by their sum so they add up to 1. Shares the dialog sets itself (the opening mix, Spread
/// evenly, Scale to 100 %, Reset) keep their exact weight behind the two-decimal text until the
/// user edits that cell, so "33.33 %" from Spread evenly on three rows stays exactly 1/3.
class LeverageMixDialog : public QDialog {
    Q_OBJECT

public:
    static constexpr int kLeverageColumn = 0;
    static constexpr int kShareColumn = 1;
    /// How far from 100 the shares in percent may add up and still be rescaled to sum 1.
    static constexpr double kPercentSumTolerance = 0.005;

    explicit LeverageMixDialog(const core::LeverageMix& current, QWidget* parent = nullptr);

    /// The edited mix, sorted by leverage; nullopt while the table does not describe a valid mix.
    const std::optional<core::LeverageMix>& mix() const { return m_mix; }
    /// Why the mix is not usable ("20x appears twice."); empty when it is.
    QString validationMessage() const { return m_message; }
    /// "Total: 95 %", or "Total: –" while a share is not a number.
    QString totalText() const;

    /// Warns (never blocks) about tiers above the venue's leverage cap, which the estimator
    /// rejects: "Binance caps BTCUSDT at 125x; tiers above are rejected by the estimator (150x)."
    /// Without names the sentence says "This market". A cap that is not a positive finite number
    /// removes the warning.
    void setMaxLeverage(double maxLeverage, const QString& venue = {}, const QString& symbol = {});
    /// The venue warning; empty when no tier is above the cap.
    QString warningText() const;

    /// The tier table; editing its cells is what the user does.
    QTableWidget* table() const { return m_table; }
    /// Buttons, also reachable by object name: "addTierButton", "removeTierButton",
    /// "spreadEvenlyButton", "scaleTo100Button", "resetButton", "okButton".
    QPushButton* addTierButton() const { return m_addButton; }
    QPushButton* removeTierButton() const { return m_removeButton; }
    QPushButton* spreadEvenlyButton() const { return m_spreadButton; }
    QPushButton* scaleTo100Button() const { return m_scaleButton; }
    QPushButton* resetButton() const { return m_resetButton; }
    QPushButton* okButton() const { return m_okButton; }

    /// Closes with QDialog::Accepted only while the mix is valid (OK is disabled otherwise, but
    /// a caller or a key could still get here). Still a slot: QDialog declares it as one.
    void accept() override;

private:
    /// Replaces the rows with `mix`'s tiers.
    void fill(const core::LeverageMix& mix);
    void appendRow(const QString& leverage, std::optional<double> weight);
    /// Writes a share the dialog computed: its exact weight plus the two-decimal text.
    void setShare(int row, double weight);
    /// The share of `row` in percent: the exact weight when the dialog set it, else the text.
    std::optional<double> sharePercent(int row) const;

    void addTier();
    void removeTier();
    void spreadEvenly();
    void scaleTo100();
    void resetToDefault();
    void onItemChanged(QTableWidgetItem* item);
    /// Re-reads the table, validates through core::LeverageMix and updates the message, the
    /// total, the warning, the highlighted cell and the buttons.
    void revalidate();
    void updateButtons();

    QTableWidget* m_table = nullptr;
    QLabel* m_totalLabel = nullptr;
    QLabel* m_messageLabel = nullptr;
    QLabel* m_warningLabel = nullptr;
    QPushButton* m_addButton = nullptr;
    QPushButton* m_removeButton = nullptr;
    QPushButton* m_spreadButton = nullptr;
    QPushButton* m_scaleButton = nullptr;
    QPushButton* m_resetButton = nullptr;
    QPushButton* m_okButton = nullptr;

    std::optional<core::LeverageMix> m_mix;
    QString m_message;
    QString m_total;
    QString m_warning;
    double m_maxLeverage = 0;  // 0: no cap known
    QString m_venue;
    QString m_symbol;
    bool m_updating = false;  // set while the dialog itself writes cells
};

}  // namespace liqmap::gui
