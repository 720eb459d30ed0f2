// jangteo: one binary for the whole platform. See `jangteo --help`.
#include "app/app.hpp"

int main(int argc, char** argv) {
    return jangteo::app::RunCli(argc, argv);
}
