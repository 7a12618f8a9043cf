# SPDX-License-Identifier: GPL-2.0
#
# The kernel's kselftest harness for umbra's tests. kselftest_harness.h and
# kselftest.h are not kept in the repository: they are extracted by exact
# member name from Debian's linux-source-6.1 tarball when missing.
#
# Include with TOP set to the repository root; gives KSFT_DIR (add it with
# -isystem) and KSFT_HEADERS (depend on it).

LINUX_SOURCE_TAR ?= /usr/src/linux-source-6.1.tar.xz
LINUX_SOURCE_DIR ?= linux-source-6.1
KSFT_DIR ?= $(TOP)/build/kselftest
KSFT_MEMBERS := $(addprefix $(LINUX_SOURCE_DIR)/tools/testing/selftests/, \
		  kselftest_harness.h kselftest.h)
KSFT_HEADERS := $(KSFT_DIR)/kselftest_harness.h $(KSFT_DIR)/kselftest.h

$(KSFT_DIR)/kselftest_harness.h:
	mkdir -p $(KSFT_DIR)
	tar -xJf $(LINUX_SOURCE_TAR) --occurrence=1 -C $(KSFT_DIR) \
		--strip-components=4 $(KSFT_MEMBERS)
	touch $(KSFT_HEADERS)

$(KSFT_DIR)/kselftest.h: $(KSFT_DIR)/kselftest_harness.h
