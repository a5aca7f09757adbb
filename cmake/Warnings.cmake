# SPDX-License-Identifier: Apache-2.0
# The build is warning-free; -Werror keeps it so.
function(aimcsim_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow -Werror)
endfunction()
