#include "liqmap/gui/heatmap_colour_scale.h"

#include <algorithm>  // std::clamp, std::min
#include <array>      // std::array
#include <cmath>      // std::abs, std::cbrt, std::floor, std::isfinite, std::pow, std::sqrt
#include <limits>     // std::numeric_limits
#include <stdexcept>  // std::invalid_argument
#include <utility>    // std::move

namespace liqmap::gui {

namespace {

// Viridis at ten evenly spaced positions (the published samples of the matplotlib colour map,
// as R's viridisLite::viridis(10) lists them).
std::vector<QColor> viridisAnchors() {
    return {QColor(0x44, 0x01, 0x54), QColor(0x48, 0x28, 0x78), QColor(0x3e, 0x4a, 0x89),
            QColor(0x31, 0x68, 0x8e), QColor(0x26, 0x82, 0x8e), QColor(0x1f, 0x9e, 0x89),
            QColor(0x35, 0xb7, 0x79), QColor(0x6d, 0xcd, 0x59), QColor(0xb4, 0xde, 0x2c),
            QColor(0xfd, 0xe7, 0x25)};
}

// The sRGB transfer curve (IEC 61966-2-1) between gamma-encoded and linear light.
double toLinear(double c) { return c <= 0.04045 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4); }

double toGamma(double c) {
    return c <= 0.0031308 ? 12.92 * c : 1.055 * std::pow(c, 1 / 2.4) - 0.055;
}

double clampPosition(double position) {
    // NaN fails both comparisons of std::clamp's contract; send it to the bottom explicitly.
    return std::isfinite(position) ? std::clamp(position, 0.0, 1.0) : (position > 0 ? 1.0 : 0.0);
}

}  // namespace

HeatmapColourScale::HeatmapColourScale() : HeatmapColourScale(viridisAnchors()) {}

HeatmapColourScale::HeatmapColourScale(std::vector<QColor> anchors)
    : m_anchors(std::move(anchors)) {
    if (m_anchors.size() < 2) {
        throw std::invalid_argument("heatmap colour scale: at least two anchor colours needed");
    }
    m_labAnchors.reserve(m_anchors.size());
    for (const QColor& anchor : m_anchors) {
        if (!anchor.isValid()) {
            throw std::invalid_argument("heatmap colour scale: an anchor colour is invalid");
        }
        m_labAnchors.push_back(okLabOf(anchor));
    }
    // Rounding each entry to 8 bits per channel shifts its lightness by up to about a step
    // between entries, which could make a brighter value paint a darker pixel. Of the eight
    // roundings (each channel down or up), each entry takes the one nearest the exact colour's
    // lightness that is still lighter than the entry before it.
    double previousL = -1;
    for (int i = 0; i < kTableSize; ++i) {
        const QColor exact = colourAt(static_cast<double>(i) / (kTableSize - 1));
        const double exactL = okLabOf(exact).L;
        const std::array<double, 3> channels{exact.redF() * 255.0, exact.greenF() * 255.0,
                                             exact.blueF() * 255.0};
        QRgb best = exact.rgb();
        double bestDistance = std::numeric_limits<double>::infinity();
        QRgb lightest = best;
        double lightestL = -1;
        for (int corner = 0; corner < 8; ++corner) {
            std::array<int, 3> rounded{};
            for (std::size_t c = 0; c < 3; ++c) {
                const double down = std::floor(channels[c]);
                const bool up = (corner >> c & 1) != 0;
                rounded[c] = std::clamp(static_cast<int>(up ? down + 1 : down), 0, 255);
            }
            const QRgb candidate = qRgb(rounded[0], rounded[1], rounded[2]);
            const double L = okLabOf(QColor(candidate)).L;
            if (L > lightestL) {
                lightestL = L;
                lightest = candidate;
            }
            if (L > previousL && std::abs(L - exactL) < bestDistance) {
                bestDistance = std::abs(L - exactL);
                best = candidate;
            }
        }
        if (!std::isfinite(bestDistance)) {
            best = lightest;  // nothing lighter than the entry before: as light as it gets
        }
        m_table[static_cast<std::size_t>(i)] = best;
        previousL = okLabOf(QColor(best)).L;
    }
}

QColor HeatmapColourScale::colourAt(double position) const {
    const double scaled = clampPosition(position) * static_cast<double>(m_labAnchors.size() - 1);
    const auto index =
        std::min(static_cast<std::size_t>(std::floor(scaled)), m_labAnchors.size() - 2);
    const double t = scaled - static_cast<double>(index);
    const OkLab& from = m_labAnchors[index];
    const OkLab& to = m_labAnchors[index + 1];
    return colourOf(
        {from.L + t * (to.L - from.L), from.a + t * (to.a - from.a), from.b + t * (to.b - from.b)});
}

QRgb HeatmapColourScale::rgbAt(double position) const {
    const auto index = static_cast<std::size_t>(clampPosition(position) * (kTableSize - 1) + 0.5);
    return m_table[index];
}

double HeatmapColourScale::positionOf(double notional, double scaleMax) {
    if (!(std::isfinite(notional) && notional > 0 && std::isfinite(scaleMax) && scaleMax > 0)) {
        return 0;
    }
    return std::min(1.0, std::sqrt(notional / scaleMax));
}

double HeatmapColourScale::notionalAt(double position, double scaleMax) {
    const double p = clampPosition(position);
    return p * p * scaleMax;
}

// The matrices are Björn Ottosson's OkLab definition (2020), for linear sRGB.
HeatmapColourScale::OkLab HeatmapColourScale::okLabOf(const QColor& colour) {
    const QColor rgb = colour.toRgb();
    const double r = toLinear(rgb.redF());
    const double g = toLinear(rgb.greenF());
    const double b = toLinear(rgb.blueF());
    const double l = std::cbrt(0.4122214708 * r + 0.5363325363 * g + 0.0514459929 * b);
    const double m = std::cbrt(0.2119034982 * r + 0.6806995451 * g + 0.1073969566 * b);
    const double s = std::cbrt(0.0883024619 * r + 0.2817188376 * g + 0.6299787005 * b);
    return {0.2104542553 * l + 0.7936177850 * m - 0.0040720468 * s,
            1.9779984951 * l - 2.4285922050 * m + 0.4505937099 * s,
            0.0259040371 * l + 0.7827717662 * m - 0.8086757660 * s};
}

QColor HeatmapColourScale::colourOf(const OkLab& lab) {
    const double l = lab.L + 0.3963377774 * lab.a + 0.2158037573 * lab.b;
    const double m = lab.L - 0.1055613458 * lab.a - 0.0638541728 * lab.b;
    const double s = lab.L - 0.0894841775 * lab.a - 1.2914855480 * lab.b;
    const double l3 = l * l * l;
    const double m3 = m * m * m;
    const double s3 = s * s * s;
    const double r = 4.0767416621 * l3 - 3.3077115913 * m3 + 0.2309699292 * s3;
    const double g = -1.2684380046 * l3 + 2.6097574011 * m3 - 0.3413193965 * s3;
    const double b = -0.0041960863 * l3 - 0.7034186147 * m3 + 1.7076147010 * s3;
    auto channel = [](double linear) {
        return static_cast<float>(std::clamp(toGamma(std::clamp(linear, 0.0, 1.0)), 0.0, 1.0));
    };
    return QColor::fromRgbF(channel(r), channel(g), channel(b));
}

}  // namespace liqmap::gui
