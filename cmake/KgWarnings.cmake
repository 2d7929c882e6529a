# kg_set_warnings(target): the one place that decides warning flags.
function(kg_set_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wshadow -Wstrict-prototypes
    -Wmissing-prototypes -Wformat=2 -Wno-unused-parameter -Wvla)
  if(KG_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()
