#include "demo/stream_subscriptions.h"

#include <cstdint>            // std::uint64_t
#include <nlohmann/json.hpp>  // nlohmann::json
#include <optional>           // std::optional

#include "demo/binance_wire.h"  // errorBody

namespace liqmap::exchange::demo {

namespace {

using Json = nlohmann::json;

std::string withId(std::string body, std::optional<std::uint64_t> id) {
    if (!id) {
        return body;
    }
    body.pop_back();  // the closing brace
    body += ",\"id\":";
    body += std::to_string(*id);
    body += '}';
    return body;
}

std::string result(std::string_view value, std::uint64_t id) {
    std::string out = R"({"result":)";
    out += value;
    out += R"(,"id":)";
    out += std::to_string(id);
    out += '}';
    return out;
}

}  // namespace

StreamSubscriptions::StreamSubscriptions(const MarketStreams& catalogue,
                                         const StreamTarget& initial)
    : m_catalogue(&catalogue), m_streams(initial.streams), m_combined(initial.combined) {}

std::string StreamSubscriptions::handle(std::string_view message) {
    const Json request = Json::parse(message, nullptr, false);
    if (request.is_discarded()) {
        return errorBody(3, "Invalid JSON: the message is not JSON");
    }
    if (!request.is_object()) {
        return errorBody(2, "Invalid request: expected a JSON object");
    }
    const auto idField = request.find("id");
    if (idField == request.end()) {
        return errorBody(2, "Invalid request: missing field `id`");
    }
    if (!idField->is_number_unsigned()) {
        return errorBody(2, "Invalid request: request ID must be an unsigned integer");
    }
    const auto id = idField->get<std::uint64_t>();
    const auto methodField = request.find("method");
    if (methodField == request.end() || !methodField->is_string()) {
        return withId(errorBody(2, "Invalid request: missing field `method`"), id);
    }
    const auto& method = methodField->get_ref<const std::string&>();
    const auto paramsField = request.find("params");
    const bool hasParams = paramsField != request.end() && !paramsField->is_null();
    if (hasParams && !paramsField->is_array()) {
        return withId(errorBody(2, "Invalid request: params must be an array"), id);
    }

    if (method == "SUBSCRIBE" || method == "UNSUBSCRIBE") {
        // Every name is checked before anything changes: a request is applied whole or not.
        StreamSet named;
        if (hasParams) {
            for (const Json& param : *paramsField) {
                if (!param.is_string()) {
                    return withId(errorBody(2, "Invalid request: stream names must be strings"),
                                  id);
                }
                const auto& name = param.get_ref<const std::string&>();
                const std::optional<StreamId> stream = m_catalogue->parse(name);
                if (!stream) {
                    std::string text = "Invalid request: unknown stream '";
                    text += name;
                    text += "'";
                    return withId(errorBody(2, text), id);
                }
                named.set(static_cast<std::size_t>(*stream));
            }
        }
        if (method == "SUBSCRIBE") {
            m_streams |= named;
        } else {
            m_streams &= ~named;
        }
        return result("null", id);
    }
    if (method == "LIST_SUBSCRIPTIONS") {
        std::string names = "[";
        for (std::size_t i = 0; i < kStreamCount; ++i) {
            if (m_streams.test(i)) {
                if (names.size() > 1) {
                    names += ',';
                }
                names += '"';
                names += m_catalogue->name(static_cast<StreamId>(i));
                names += '"';
            }
        }
        names += ']';
        return result(names, id);
    }
    if (method == "SET_PROPERTY" || method == "GET_PROPERTY") {
        const bool set = method == "SET_PROPERTY";
        const std::size_t expected = set ? 2 : 1;
        if (!hasParams || paramsField->size() != expected) {
            return withId(errorBody(2, set ? "Invalid request: expected a property and a value"
                                           : "Invalid request: expected a property name"),
                          id);
        }
        const Json& property = (*paramsField)[0];
        if (!property.is_string()) {
            return withId(errorBody(2, "Invalid request: property name must be a string"), id);
        }
        if (property.get_ref<const std::string&>() != "combined") {
            return withId(errorBody(0, "Unknown property"), id);
        }
        if (!set) {
            return result(m_combined ? "true" : "false", id);
        }
        const Json& value = (*paramsField)[1];
        if (!value.is_boolean()) {
            return withId(errorBody(1, "Invalid value type: expected Boolean"), id);
        }
        m_combined = value.get<bool>();
        return result("null", id);
    }
    std::string text = "Invalid request: unknown variant `";
    text += method;
    text +=
        "`, expected one of `SUBSCRIBE`, `UNSUBSCRIBE`, `LIST_SUBSCRIPTIONS`, "
        "`SET_PROPERTY`, `GET_PROPERTY`";
    return withId(errorBody(2, text), id);
}

}  // namespace liqmap::exchange::demo
