"""Writers and readers for data engines: Ray Data (`mixpeek.integrations.ray`) and Spark
(`mixpeek.integrations.spark`).

Both move rows between an engine's dataset and a Mixpeek namespace through the high-level client's bulk
upsert (batches of up to 1,000, the runtime's retries) and the namespace document listing. Each engine is
imported only by its own module, so `import mixpeek` never loads one; a missing engine is an ImportError
naming the extra to install (``pip install "mixpeek[ray]"``, ``pip install "mixpeek[spark]"``).
"""
