# Writes a C++ source that holds the migration files of one module as string literals and a
# function `jangteo::<module>::SchemaMigrations()` returning them in file-name order.
# File names: NNNN_name.sql (both backends), NNNN_name.sqlite.sql or NNNN_name.postgres.sql.
set(body "")
foreach(file IN LISTS FILES)
    get_filename_component(name "${file}" NAME)
    file(READ "${file}" sql)
    string(REGEX MATCH "^([0-9]+)_([a-z0-9_]+)(\\.(sqlite|postgres))?\\.sql$" ok "${name}")
    if(NOT ok)
        message(FATAL_ERROR "migration file name '${name}' is not NNNN_name[.sqlite|.postgres].sql")
    endif()
    set(version "${CMAKE_MATCH_1}")
    set(title "${CMAKE_MATCH_2}")
    set(dialect "${CMAKE_MATCH_4}")
    if(dialect STREQUAL "sqlite")
        set(dialect_enum "store::Dialect::kSqlite")
    elseif(dialect STREQUAL "postgres")
        set(dialect_enum "store::Dialect::kPostgres")
    else()
        set(dialect_enum "std::nullopt")
    endif()
    math(EXPR version_number "${version}")
    string(APPEND body "        {\"${MODULE}\", ${version_number}, \"${title}\", ${dialect_enum}, R\"jangteo_sql(${sql})jangteo_sql\"},\n")
endforeach()
file(WRITE "${OUTPUT}.tmp" "// Generated from src/${MODULE}/schema by cmake/EmbedSchema.cmake. Do not edit.
#include \"store/migration.hpp\"

namespace jangteo::${MODULE} {
std::span<const store::Migration> SchemaMigrations() {
    static const store::Migration kMigrations[] = {
${body}    };
    return kMigrations;
}
}  // namespace jangteo::${MODULE}
")
file(COPY_FILE "${OUTPUT}.tmp" "${OUTPUT}" ONLY_IF_DIFFERENT)
