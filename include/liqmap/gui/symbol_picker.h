#pragma once

#include <QComboBox>
#include <QString>
#include <QStringList>

class QAction;
class QCompleter;
class QStringListModel;

namespace liqmap::gui {

/// The toolbar's symbol picker: an editable combo box over the exchange's instrument list with
/// a completer that matches anywhere in the name, ignoring case ("sol" offers SOLUSDT and
/// SOLUSDC, "usdc" every USDC contract).
///
/// States: loading (setLoading: the current symbol stays, a reload mark sits in the box and the
/// list says "Loading symbols…"),
/// loaded (setSymbols), or failed (setLoadFailed: the current symbol stays, the tooltip says
/// why). Typing stays possible in every state.
///
/// symbolChosen is emitted when the user picks a row, picks a completion or presses Enter on
/// typed text, with the text trimmed and upper-cased (Hyperliquid's "kPEPE"-style names are
/// matched case-insensitively against the list and then take the list's spelling), and only
/// when it differs from the current symbol. A symbol missing from a loaded list is still
/// accepted — the list may be stale — but the tooltip says it is not listed.
class SymbolPicker : public QComboBox {
    Q_OBJECT

public:
    explicit SymbolPicker(QWidget* parent = nullptr);
    ~SymbolPicker() override;

    /// Offers `symbols` in the given order and shows `current` (which need not be among them).
    /// Emits nothing.
    void setSymbols(const QStringList& symbols, const QString& current);
    /// While the list is fetched: shows `current` and a disabled "Loading symbols…" row.
    void setLoading(const QString& current);
    /// The list could not be fetched: shows `current`; the tooltip carries `error`.
    void setLoadFailed(const QString& error, const QString& current);

    bool isLoading() const { return m_loading; }
    /// The symbols offered (empty while loading or after a failure).
    const QStringList& symbols() const { return m_symbols; }
    /// The last symbol set or chosen.
    const QString& currentSymbol() const { return m_current; }
    /// Whether the current symbol is missing from a loaded list.
    bool isUnlisted() const;

    /// The text the loading row shows.
    static QString loadingText();

Q_SIGNALS:
    void symbolChosen(const QString& symbol);

private:
    void showOnly(const QString& current);
    void fitPopupWidth();
    void setCurrent(const QString& symbol);
    void updateStateHints();
    /// Normalises `text`, makes it current and emits symbolChosen when it changed.
    void choose(const QString& text);
    /// `text` trimmed and upper-cased, or the listed symbol it names ignoring case.
    QString normalised(const QString& text) const;

    QCompleter* m_completer = nullptr;
    QStringListModel* m_completions = nullptr;
    QAction* m_loadingMark = nullptr;
    QStringList m_symbols;
    QString m_current;
    QString m_error;
    bool m_loading = false;
};

}  // namespace liqmap::gui
