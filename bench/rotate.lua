-- wrk script: every request asks for the next path of a list, so the load is many distinct URLs
-- (visitors' searches), not one URL again and again.
--   wrk -s bench/rotate.lua http://127.0.0.1:8000 -- /tmp/paths.txt
-- The file holds one path (already percent-encoded) a line. Each wrk thread walks the whole
-- list from its own starting point, so two threads do not ask for the same path together.

local paths = {}
local position = 0
local threads = 0

function setup(thread)
   thread:set("thread_number", threads)
   threads = threads + 1
end

function init(args)
   for line in io.lines(args[1]) do
      if #line > 0 then
         paths[#paths + 1] = line
      end
   end
   if #paths == 0 then
      error("no paths in " .. args[1])
   end
   -- 7919 is prime: the threads' starting points spread over the list whatever its length.
   position = (thread_number * 7919) % #paths
end

function request()
   position = position % #paths + 1
   return wrk.format("GET", paths[position])
end
