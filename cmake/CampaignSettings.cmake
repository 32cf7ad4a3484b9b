# Shared compile settings, consumed through INTERFACE targets so that every
# target of the project (and nothing outside it) gets them.

option(CAMPAIGN_SANITIZE "Build with AddressSanitizer and UndefinedBehaviorSanitizer" OFF)
option(CAMPAIGN_WERROR "Treat compiler warnings as errors" OFF)
option(CAMPAIGN_CLANG_TIDY "Run clang-tidy while compiling" OFF)

add_library(campaign_settings INTERFACE)
add_library(campaign_warnings INTERFACE)

target_compile_options(campaign_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wsign-conversion
  -Wdouble-promotion -Wformat=2 -Wimplicit-fallthrough
  $<$<COMPILE_LANGUAGE:CXX>:-Wnon-virtual-dtor -Wold-style-cast -Woverloaded-virtual>)
if(CAMPAIGN_WERROR)
  target_compile_options(campaign_warnings INTERFACE -Werror)
endif()

if(CAMPAIGN_SANITIZE)
  target_compile_options(campaign_settings INTERFACE
    -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer)
  target_link_options(campaign_settings INTERFACE -fsanitize=address,undefined)
endif()

if(CAMPAIGN_CLANG_TIDY)
  find_program(CLANG_TIDY_EXE NAMES clang-tidy REQUIRED)
  set(CMAKE_CXX_CLANG_TIDY "${CLANG_TIDY_EXE}")
endif()
