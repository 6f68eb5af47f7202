package lint

import "testing"

func TestMLprojectDocker(t *testing.T) {
	expectMLproject(t, "mlproject-docker", `
docker_env:
  images: python:3.11-slim
  volumes: /data:/data
  environment: [MLFLOW_TRACKING_URI, [PORT]]
entry_points:
  main: {command: python train.py}
`, nil,
		"MLproject:2:1: error: docker_env has no image (MLflow: \"Docker environment specified but no image attribute found\") [mlproject-docker]",
		"MLproject:3:3: error: unknown key images in docker_env (did you mean image?); MLflow ignores it silently [mlproject-docker]",
		"MLproject:4:12: error: docker_env.volumes must be a list of strings such as \"/host/data:/data\", not the string '/data:/data' [mlproject-docker]",
		"MLproject:5:38: error: a docker_env environment pair must be [NAME, value], with exactly two items, not 1 [mlproject-docker]")
	expectMLproject(t, "mlproject-docker", `
docker_env:
  image: python:3.11-slim
  volumes: [/data:/data]
  environment: [MLFLOW_TRACKING_URI, [PORT, 8080]]
entry_points:
  main: {command: python train.py}
`, nil)
}

func TestMLprojectDockerEmpty(t *testing.T) {
	expectMLproject(t, "mlproject-docker", "docker_env:\nentry_points:\n  main: {command: run}\n", nil,
		"MLproject:1:1: error: docker_env has no image; MLflow ignores a null docker_env and runs the project without Docker [mlproject-docker]")
}
