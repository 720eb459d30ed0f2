# Writes a C++ source with one text file as a string literal, returned by
# `std::string_view jangteo::<NAMESPACE>::<FUNCTION>()`, so that data the binary needs (a word list,
# say) lives in a readable file in the repository and still ships inside the one binary.
# Called as: cmake -DINPUT=<file> -DOUTPUT=<file.cpp> -DNAMESPACE=<ns> -DFUNCTION=<name> -P EmbedText.cmake
file(READ "${INPUT}" text)
string(FIND "${text}" ")jangteo_text\"" clash)
if(NOT clash EQUAL -1)
    message(FATAL_ERROR "${INPUT} contains the raw string delimiter )jangteo_text\"")
endif()
file(WRITE "${OUTPUT}.tmp" "// Generated from ${INPUT} by cmake/EmbedText.cmake. Do not edit.
#include <string_view>

namespace jangteo::${NAMESPACE} {
std::string_view ${FUNCTION}() {
    static constexpr std::string_view kText = R\"jangteo_text(${text})jangteo_text\";
    return kText;
}
}  // namespace jangteo::${NAMESPACE}
")
file(COPY_FILE "${OUTPUT}.tmp" "${OUTPUT}" ONLY_IF_DIFFERENT)
