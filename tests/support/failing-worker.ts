// A worker module that fails as it loads: for testing what happens when a worker cannot start.
throw new Error('this worker cannot start');
