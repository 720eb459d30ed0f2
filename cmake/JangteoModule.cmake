# jangteo_module(NAME <name> SOURCES <files...> [DEPS <targets...>] [PRIVATE_DEPS <targets...>]
#                [SCHEMA_DIR <dir>] [ROUTES <files...>])
# Declares the static library jangteo_<name>. Its public dependencies are the module arrows of
# DESIGN.md: a module sees only the headers of what it links. With SCHEMA_DIR, the numbered SQL
# migration files of that folder are compiled into the library as <name>::SchemaMigrations().
# ROUTES, the module's thin HTTP binding, become jangteo_<name>_http, which alone links the http
# module: the domain code of a module never sees HTTP.
function(jangteo_module)
    cmake_parse_arguments(M "" "NAME;SCHEMA_DIR" "SOURCES;DEPS;PRIVATE_DEPS;ROUTES" ${ARGN})
    set(target jangteo_${M_NAME})
    add_library(${target} STATIC ${M_SOURCES})
    target_include_directories(${target} PUBLIC ${PROJECT_SOURCE_DIR}/src)
    target_link_libraries(${target} PUBLIC ${M_DEPS} PRIVATE ${M_PRIVATE_DEPS})
    if(M_SCHEMA_DIR)
        file(GLOB sql_files CONFIGURE_DEPENDS "${M_SCHEMA_DIR}/*.sql")
        list(SORT sql_files)
        set(generated "${CMAKE_CURRENT_BINARY_DIR}/${M_NAME}_schema.cpp")
        add_custom_command(
            OUTPUT ${generated}
            COMMAND ${CMAKE_COMMAND} -DMODULE=${M_NAME} -DOUTPUT=${generated} "-DFILES=${sql_files}"
                    -P ${PROJECT_SOURCE_DIR}/cmake/EmbedSchema.cmake
            DEPENDS ${sql_files} ${PROJECT_SOURCE_DIR}/cmake/EmbedSchema.cmake
            COMMENT "Embedding ${M_NAME} schema migrations"
            # VERBATIM keeps the ';' of a list of several files from reaching the shell unquoted.
            VERBATIM)
        target_sources(${target} PRIVATE ${generated})
    endif()
    if(M_ROUTES)
        add_library(${target}_http STATIC ${M_ROUTES})
        target_link_libraries(${target}_http PUBLIC ${target} jangteo_http)
    endif()
endfunction()
