#include "liqmap/gui/symbol_picker.h"

#include <QAbstractItemView>
#include <QAction>
#include <QCompleter>
#include <QFont>
#include <QFontMetrics>
#include <QLineEdit>
#include <QStandardItem>
#include <QStandardItemModel>
#include <QStringListModel>
#include <QStyle>
#include <algorithm>  // std::max

namespace liqmap::gui {

namespace {

/// Wide enough for "1000000BABYDOGEUSDT"-length names without letting an 800-symbol list
/// widen the toolbar to its longest entry.
constexpr int kMinimumContentsLength = 14;
constexpr int kVisibleRows = 20;

}  // namespace

SymbolPicker::SymbolPicker(QWidget* parent) : QComboBox(parent) {
    setEditable(true);
    // Enter must not append what was typed to the list: the list is the venue's.
    setInsertPolicy(QComboBox::NoInsert);
    setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    setMinimumContentsLength(kMinimumContentsLength);
    setMaxVisibleItems(kVisibleRows);
    setAccessibleName(tr("Symbol"));

    // A completer of its own over the symbols alone (the combo's model may hold the loading
    // row), matching anywhere in the name: "usdc" has to find BTCUSDC.
    m_completions = new QStringListModel(this);
    m_completer = new QCompleter(m_completions, this);
    m_completer->setCaseSensitivity(Qt::CaseInsensitive);
    m_completer->setFilterMode(Qt::MatchContains);
    m_completer->setCompletionMode(QCompleter::PopupCompletion);
    m_completer->setMaxVisibleItems(kVisibleRows);
    setCompleter(m_completer);
    lineEdit()->setPlaceholderText(tr("Symbol"));
    // Shown inside the box while the list loads, so the state is visible without opening it.
    m_loadingMark = lineEdit()->addAction(style()->standardIcon(QStyle::SP_BrowserReload),
                                          QLineEdit::TrailingPosition);
    m_loadingMark->setToolTip(loadingText());
    m_loadingMark->setVisible(false);

    connect(m_completer, qOverload<const QString&>(&QCompleter::activated), this,
            [this](const QString& text) { choose(text); });
    connect(this, &QComboBox::activated, this, [this](int index) {
        if (index >= 0 && index < m_symbols.size() && !m_loading) {
            choose(itemText(index));
        }
    });
    // Enter on typed text. When the text also names a row, QComboBox reports it through
    // activated as well; choose() emits once because the second call changes nothing.
    connect(lineEdit(), &QLineEdit::returnPressed, this, [this] { choose(lineEdit()->text()); });
}

SymbolPicker::~SymbolPicker() = default;

QString SymbolPicker::loadingText() { return tr("Loading symbols…"); }

void SymbolPicker::setSymbols(const QStringList& symbols, const QString& current) {
    m_loading = false;
    m_error.clear();
    m_symbols = symbols;
    m_completions->setStringList(m_symbols);
    const QSignalBlocker blocker(this);
    clear();
    addItems(m_symbols);
    fitPopupWidth();
    setCurrent(normalised(current));
    updateStateHints();
}

void SymbolPicker::setLoading(const QString& current) {
    m_loading = true;
    m_error.clear();
    showOnly(current);
    // A row, not only a tooltip: the popup is where one looks for the list.
    addItem(loadingText());
    if (auto* items = qobject_cast<QStandardItemModel*>(model())) {
        QStandardItem* row = items->item(count() - 1);
        row->setEnabled(false);
        QFont font = row->font();
        font.setItalic(true);
        row->setFont(font);
    }
    setCurrentIndex(current.trimmed().isEmpty() ? -1 : 0);
    setEditText(m_current);
    updateStateHints();
}

void SymbolPicker::setLoadFailed(const QString& error, const QString& current) {
    m_loading = false;
    m_error = error;
    showOnly(current);
    updateStateHints();
}

bool SymbolPicker::isUnlisted() const {
    return !m_loading && m_error.isEmpty() && !m_current.isEmpty() &&
           !m_symbols.contains(m_current);
}

void SymbolPicker::showOnly(const QString& current) {
    m_symbols.clear();
    const QSignalBlocker blocker(this);
    clear();
    m_current = normalised(current);
    // The current symbol stays pickable and completable while there is no list.
    const QStringList only = m_current.isEmpty() ? QStringList() : QStringList{m_current};
    m_completions->setStringList(only);
    addItems(only);
    setEditText(m_current);
}

void SymbolPicker::fitPopupWidth() {
    // Both popups take the combo's width by default, which cuts long names such as
    // 1000000BABYDOGEUSDT in a narrow toolbar; they may be wider than the box, never narrower.
    const QFontMetrics metrics(view()->font());
    int widest = metrics.horizontalAdvance(loadingText());
    for (const QString& symbol : m_symbols) {
        widest = std::max(widest, metrics.horizontalAdvance(symbol));
    }
    const int chrome = style()->pixelMetric(QStyle::PM_ScrollBarExtent, nullptr, this) +
                       4 * style()->pixelMetric(QStyle::PM_DefaultFrameWidth, nullptr, this) +
                       metrics.averageCharWidth() * 2;
    view()->setMinimumWidth(widest + chrome);
    m_completer->popup()->setMinimumWidth(widest + chrome);
}

void SymbolPicker::setCurrent(const QString& symbol) {
    m_current = symbol;
    const int index = findText(symbol, Qt::MatchFixedString | Qt::MatchCaseSensitive);
    if (index >= 0) {
        setCurrentIndex(index);
    } else {
        setCurrentIndex(-1);
    }
    setEditText(symbol);
}

void SymbolPicker::updateStateHints() {
    QString text;
    if (m_loading) {
        text = tr("Loading the symbol list…");
    } else if (!m_error.isEmpty()) {
        text = tr("The symbol list could not be loaded: %1\nType a symbol and press Enter.")
                   .arg(m_error);
    } else if (isUnlisted()) {
        text = tr("%1 is not in the exchange's symbol list (the list may be out of date).")
                   .arg(m_current);
    } else {
        text =
            tr("Type to search (matches anywhere, e.g. \"sol\" or \"usdc\"); Enter or click "
               "to switch.");
    }
    setToolTip(text);
    lineEdit()->setToolTip(text);
    m_loadingMark->setVisible(m_loading);
}

QString SymbolPicker::normalised(const QString& text) const {
    const QString trimmed = text.trimmed();
    for (const QString& symbol : m_symbols) {
        if (symbol.compare(trimmed, Qt::CaseInsensitive) == 0) {
            return symbol;
        }
    }
    return trimmed.toUpper();
}

void SymbolPicker::choose(const QString& text) {
    const QString symbol = normalised(text);
    if (symbol.isEmpty()) {
        // Nothing typed: put the current symbol back rather than leave an empty box.
        setEditText(m_current);
        return;
    }
    const bool changed = symbol != m_current;
    {
        const QSignalBlocker blocker(this);
        setCurrent(symbol);
    }
    updateStateHints();
    if (changed) {
        Q_EMIT symbolChosen(symbol);
    }
}

}  // namespace liqmap::gui
