# The two commands of the README's Quick start, and the targets they are built from.
#   make run   set-up, Release build, then the server on the embedded default
#   make test  set-up, Release build, then every test suite through ctest
BUILD      ?= build
ASAN_BUILD ?= build-asan
JOBS       ?= $(shell nproc)
CTEST_ARGS ?=

.PHONY: all setup build run test test-asan fuzz bench format clean

all: build

setup:
	@bash scripts/setup.sh

# Configure once; later runs only build what changed.
$(BUILD)/build.ninja:
	cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=Release

build: setup $(BUILD)/build.ninja
	cmake --build $(BUILD) -j $(JOBS)

run: build
	$(BUILD)/src/cli/appvaultd serve

test: build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS) $(CTEST_ARGS)

$(ASAN_BUILD)/build.ninja:
	cmake -S . -B $(ASAN_BUILD) -G Ninja -DCMAKE_BUILD_TYPE=Debug -DAPPVAULT_SANITIZE=ON

# Unit tests (label "unit") built with AddressSanitizer + UndefinedBehaviorSanitizer.
test-asan: setup $(ASAN_BUILD)/build.ninja
	cmake --build $(ASAN_BUILD) -j $(JOBS)
	cd $(ASAN_BUILD) && ctest --output-on-failure -j $(JOBS) -L unit

FUZZ_BUILD   ?= build-fuzz
FUZZ_SECONDS ?= 60
FUZZERS      := zip_fuzzer binary_xml_fuzzer info_plist_fuzzer signing_block_fuzzer res_table_fuzzer

$(FUZZ_BUILD)/build.ninja:
	CXX=clang++ cmake -S . -B $(FUZZ_BUILD) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	  -DAPPVAULT_FUZZ=ON -DCMAKE_CXX_FLAGS="-fsanitize=fuzzer-no-link,address,undefined"

# libFuzzer targets of the package readers, each for FUZZ_SECONDS (ASan + UBSan).
fuzz: setup $(FUZZ_BUILD)/build.ninja
	cmake --build $(FUZZ_BUILD) -j $(JOBS) --target $(FUZZERS)
	bash fuzz/run.sh $(FUZZ_BUILD) $(FUZZ_SECONDS)

# Benchmarks against reference tools run in the same script (figures in docs/performance.md).
bench: build
	bash bench/run_all.sh $(BUILD)

format:
	git ls-files '*.cc' '*.h' | xargs clang-format -i

clean:
	rm -rf $(BUILD) $(ASAN_BUILD)
