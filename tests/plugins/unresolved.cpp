// Uses a function no library defines: the loader must refuse it at load time.
#include <campaign/plugin.hpp>

extern "C" int campaign_test_symbol_nobody_defines(int);

namespace {
class Dangling : public campaign::sdk::Renderer {
public:
  Dangling() : Renderer("dangling", "txt", "calls an undefined function") {}
  void render(campaign::sdk::Call&, std::string_view, const campaign::sdk::Options&, campaign::sdk::Writer& out) override {
    out.write(std::to_string(campaign_test_symbol_nobody_defines(1)));
  }
};
} // namespace

CAMPAIGN_PLUGIN("unresolved", "0.1", "has an unresolved symbol", Dangling)
