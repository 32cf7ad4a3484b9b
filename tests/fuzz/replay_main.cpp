// A plain main for a fuzz target's LLVMFuzzerTestOneInput(): feeds it every
// file of the folders (or the files) named on the command line, in name
// order, and prints how many it read. Built with the tests, so that the
// seeds and every input a fuzzer once found crashing are read again by each
// build, sanitizers included. Fails when it is given nothing to read.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

int main(int argc, char** argv) {
  namespace fs = std::filesystem;
  std::vector<fs::path> inputs;
  for (int i = 1; i < argc; ++i) {
    const fs::path path(argv[i]);
    std::error_code ec;
    if (fs::is_directory(path, ec)) {
      for (const auto& entry : fs::directory_iterator(path)) {
        if (entry.is_regular_file()) {
          inputs.push_back(entry.path());
        }
      }
    } else if (fs::is_regular_file(path, ec)) {
      inputs.push_back(path);
    } else {
      std::cerr << path.string() << ": no such file or folder\n";
      return 1;
    }
  }
  if (inputs.empty()) {
    std::cerr << "usage: " << (argc > 0 ? argv[0] : "replay") << " FOLDER|FILE...: nothing to read\n";
    return 1;
  }
  std::sort(inputs.begin(), inputs.end());
  for (const fs::path& input : inputs) {
    std::ifstream in(input, std::ios::binary);
    const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (!in.good() && !in.eof()) {
      std::cerr << input.string() << ": cannot read\n";
      return 1;
    }
    std::cout << input.filename().string() << " (" << bytes.size() << " bytes)\n" << std::flush;
    // An empty buffer gets a non-null pointer, as under libFuzzer.
    static const std::uint8_t empty = 0;
    LLVMFuzzerTestOneInput(bytes.empty() ? &empty : reinterpret_cast<const std::uint8_t*>(bytes.data()),
                           bytes.size());
  }
  std::cout << inputs.size() << " inputs read without a crash\n";
  return 0;
}
