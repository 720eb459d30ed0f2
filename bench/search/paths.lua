-- wrk script: GET request paths read from a file (one per line), in turn from the first. The file
-- is the argument after `--`:
--   wrk -t1 -c16 -d20s -s bench/search/paths.lua http://127.0.0.1:8080 -- paths.txt
local paths = {}

function init(args)
    for line in io.lines(args[1]) do
        if line ~= "" then paths[#paths + 1] = line end
    end
    if #paths == 0 then error("no paths in " .. tostring(args[1])) end
    counter = 0
end

function request()
    counter = counter % #paths + 1
    return wrk.format("GET", paths[counter])
end
